#!/usr/bin/env python3
"""Runs the fenced blocks of Markdown files that are marked as runnable, so that a
command shown to a reader fails CI before it fails the reader.

A block is runnable when the line before its opening fence is one of
  <!-- runnable -->          sh: run with bash -euo pipefail; python: run with python3
  <!-- runnable: PATH -->    the block's text is written to PATH (e.g. hello.cpp)
  <!-- runnable: torch -->   a python block that needs the PyTorch package: run only
                             with --torch-path (the directory holding the package golu)
Each file's blocks run in order, as a reader would type them from the repository's
top directory: in a scratch copy of the repository's files (so nothing of the tree is
touched), with HOME set to a scratch directory, so that "$HOME/.local" is private.

Usage: run_doc_blocks.py [--torch-path DIR] [--only-torch] SOURCE_DIR FILE.md...
(FILE paths relative to SOURCE_DIR or absolute). Exit status 1 names the file and line
of the first block that failed; so does a run in which no block ran at all.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARK = re.compile(r"^<!--\s*runnable(?::\s*(\S+))?\s*-->\s*$")
FENCE = re.compile(r"^```(\w*)\s*$")


def blocks(path):
    """(line, language, spec, text) of every runnable block of the file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    found = []
    i = 0
    while i < len(lines):
        m = MARK.match(lines[i])
        if m:
            j = i + 1
            opening = FENCE.match(lines[j]) if j < len(lines) else None
            if not opening or not opening.group(1):
                raise SystemExit(f"{path}:{i + 1}: a runnable mark must be followed by a fence with a language")
            k = j + 1
            while k < len(lines) and lines[k].strip() != "```":
                k += 1
            if k == len(lines):
                raise SystemExit(f"{path}:{j + 1}: unclosed fence")
            found.append((j + 1, opening.group(1), m.group(1), "\n".join(lines[j + 1 : k]) + "\n"))
            i = k
        i += 1
    return found


def copy_sources(source, dest):
    """The repository's files (tracked ones when it is a git checkout), without build/."""
    try:
        names = subprocess.run(["git", "-C", source, "ls-files", "-z"], check=True, capture_output=True).stdout
        files = [n for n in names.decode().split("\0") if n]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for root, dirs, fs in os.walk(source):
            dirs[:] = [d for d in dirs if d not in ("build", ".git")]
            files += [os.path.relpath(os.path.join(root, f), source) for f in fs]
    for f in files:
        src = os.path.join(source, f)
        if os.path.isfile(src):
            os.makedirs(os.path.dirname(os.path.join(dest, f)) or dest, exist_ok=True)
            shutil.copy2(src, os.path.join(dest, f))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torch-path")
    ap.add_argument("--only-torch", action="store_true")
    ap.add_argument("source")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    source = os.path.abspath(args.source)
    ran = 0
    for name in args.files:
        path = name if os.path.isabs(name) else os.path.join(source, name)
        todo = blocks(path)
        if not todo:
            print(f"--- {name}: no runnable block")
            continue
        scratch = tempfile.mkdtemp(prefix="golu-doc-")
        tree, home = os.path.join(scratch, "src"), os.path.join(scratch, "home")
        os.makedirs(home)
        copy_sources(source, tree)
        env = dict(os.environ, HOME=home)
        for line, lang, spec, text in todo:
            where = f"{name}:{line}"
            torch = spec == "torch"
            if torch and not args.torch_path or args.only_torch and not torch:
                print(f"--- {where}: skipped ({'needs --torch-path' if torch else 'not a torch block'})")
                continue
            if spec and not torch:
                target = os.path.join(tree, spec)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                open(target, "w", encoding="utf-8").write(text)
                print(f"--- {where}: wrote {spec}")
                continue
            if lang == "sh":
                cmd = ["bash", "-euo", "pipefail", "-c", text]
            elif lang == "python":
                cmd = [sys.executable, "-c", text]
                if torch:
                    env = dict(env, PYTHONPATH=os.path.abspath(args.torch_path))
            else:
                print(f"{where}: cannot run a '{lang}' block (sh or python, or give it a file name)")
                return 1
            print(f"--- {where}: {lang}\n{text.rstrip()}", flush=True)
            rc = subprocess.run(cmd, cwd=tree, env=env).returncode
            if rc != 0:
                print(f"FAILED: {where} exited with {rc}")
                return 1
            ran += 1
        shutil.rmtree(scratch, ignore_errors=True)
    if ran == 0:
        print("no runnable block ran")
        return 1
    print(f"doc blocks: {ran} ran, all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
