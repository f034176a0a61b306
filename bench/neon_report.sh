#!/usr/bin/env bash
# NEON without NEON hardware: the aarch64 build's hot loops, counted and modelled.
# Builds bench/neon_kernels.cpp with the cross compiler (one out-of-line function
# per activation of golu::all_activations and pass, and Eigen's NEON Swish forward
# and backward), links it statically and disassembles it. For each function it
# finds the hot loop, counts its instructions per 4-float vector on the common
# path (rare-lane branch not taken, called functions' bodies included), flags
# calls and stack traffic in it, and runs that path through llvm-mca. qemu-aarch64
# checks the kernels once and, by a trace of one run per function, tells which
# loop is the hot one where several are reached (a kernel chosen at run time).
# Writes bench/results/neon.md (beside the x86 figures in summary.md); build files
# go to build/neon-report/. About 30 s, nearly all of it the one compile.
# Usage: bench/neon_report.sh
#   NEON_REPORT_CPUS="neoverse-n1 cortex-a76 tsv110"   llvm-mca -mcpu values
# Needs (Debian packages): g++-aarch64-linux-gnu, binutils-aarch64-linux-gnu, llvm
# (llvm-mca), qemu-user (qemu-aarch64), libxsimd-dev, libeigen3-dev, python3.
# Installs nothing. Runs on core 0 at the lowest priority (core 1 may be timing).
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
  echo "neon_report: $*" >&2
  exit 1
}
need() {  # tool, Debian package
  command -v "$1" >/dev/null 2>&1 || die "$1 not found: install the Debian package $2 (apt-get install $2)"
}
need aarch64-linux-gnu-g++ g++-aarch64-linux-gnu
need aarch64-linux-gnu-objdump binutils-aarch64-linux-gnu
need llvm-mca llvm
need qemu-aarch64 qemu-user
[ -x /usr/bin/python3 ] || die "/usr/bin/python3 not found: install the Debian package python3"
[ -f /usr/include/xsimd/xsimd.hpp ] || die "xsimd not found: install the Debian package libxsimd-dev"
[ -f /usr/include/eigen3/Eigen/Core ] || die "Eigen not found: install the Debian package libeigen3-dev"

cpus=${NEON_REPORT_CPUS:-neoverse-n1 cortex-a76 tsv110}
for c in $cpus; do
  err=$(echo nop | llvm-mca -mtriple=aarch64 -mcpu="$c" 2>&1 >/dev/null) || die "llvm-mca -mcpu=$c failed: $err"
  [ -z "$err" ] || die "llvm-mca -mcpu=$c: $err"
done
low() {  # the lowest priority, on core 0 only
  if command -v taskset >/dev/null 2>&1; then nice -n 19 taskset -c 0 "$@"; else nice -n 19 "$@"; fi
}

out=build/neon-report
rm -rf "$out"
mkdir -p "$out/traces" "$out/loops" bench/results
flags="-std=c++17 -O3 -DNDEBUG"
echo "neon_report: compiling bench/neon_kernels.cpp for aarch64 ($flags)" >&2
# -Wno-psabi: GCC's note that a lambda's parameter passing changed in GCC 10.1.
# shellcheck disable=SC2086
low aarch64-linux-gnu-g++ $flags -Wall -Wextra -Werror -Wno-psabi -I include -I /usr/include/eigen3 \
  -c bench/neon_kernels.cpp -o "$out/neon_kernels.o"
low aarch64-linux-gnu-g++ -static "$out/neon_kernels.o" -o "$out/neon_kernels"
aarch64-linux-gnu-objdump -d --no-show-raw-insn -C "$out/neon_kernels" >"$out/neon_kernels.s"

# Every kernel once (finite results, golu's Swish against Eigen's), then one traced
# run per function: the blocks it executed, for telling the hot loop.
low qemu-aarch64 "$out/neon_kernels" >"$out/check.txt" || {
  cat "$out/check.txt" >&2
  die "the kernels' check under qemu-aarch64 failed"
}
names=$(low qemu-aarch64 "$out/neon_kernels" --list)
trace_n=1024
for name in $names EigenSwish; do
  for pass in forward backward; do
    low qemu-aarch64 -d exec,nochain -D "$out/traces/$name.$pass.log" "$out/neon_kernels" "$name" "$pass" "$trace_n" ||
      die "qemu-aarch64: $name $pass failed"
  done
done

ver() { sed -n "s/^#define $2 \([0-9]*\).*/\1/p" "$1"; }
xh=/usr/include/xsimd/config/xsimd_config.hpp
eh=/usr/include/eigen3/Eigen/src/Core/util/Macros.h
# Uncommitted changes to what is measured, named in the report.
dirty=$(git status --porcelain -- include bench/neon_kernels.cpp 2>/dev/null |
  awk '{printf "%s%s%s", sep, $2, ($1 == "??" ? " (new)" : ""); sep = ", "}')
echo "neon_report: measuring the hot loops (llvm-mca -mcpu: $cpus)" >&2
/usr/bin/python3 - "$out/neon_kernels.s" "$out/traces" "$out/loops" bench/results/neon.md \
  "cpus=$cpus" "order=${names//$'\n'/ }" "trace_n=$trace_n" \
  "command=bench/neon_report.sh${NEON_REPORT_CPUS:+ (NEON_REPORT_CPUS=\"$NEON_REPORT_CPUS\")}" \
  "date=$(date -u +%Y-%m-%d)" \
  "commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "dirty=${dirty:+ with uncommitted changes to $dirty}" \
  "compiler=$(aarch64-linux-gnu-g++ --version | head -n 1)" \
  "flags=$flags" \
  "xsimd=$(ver $xh XSIMD_VERSION_MAJOR).$(ver $xh XSIMD_VERSION_MINOR).$(ver $xh XSIMD_VERSION_PATCH)" \
  "eigen=$(ver $eh EIGEN_WORLD_VERSION).$(ver $eh EIGEN_MAJOR_VERSION).$(ver $eh EIGEN_MINOR_VERSION)" \
  "mca=llvm-mca $(llvm-mca --version | sed -n 's/.*LLVM version \([0-9.]*\).*/\1/p')" \
  "check=$(grep '^EigenSwish' "$out/check.txt")" \
  <<'PY'
import bisect
import collections
import heapq
import os
import re
import subprocess
import sys

# argv: disassembly of the static program, directory of qemu traces, directory for
# the hot loops as fed to llvm-mca, report path, then key=value (cpus, command, ...).
dis_path, trace_dir, loops_dir, out_path = sys.argv[1:5]
meta = dict(a.split("=", 1) for a in sys.argv[5:])
cpus = meta["cpus"].split()

FUNC = re.compile(r"^([0-9a-f]+) <(.*)>:$")
INSN = re.compile(r"^\s+([0-9a-f]+):\t(\S+)(?:\t(.*))?$")
COND = re.compile(r"^(b\.\w+|cbn?z|tbn?z)$")
VREG = re.compile(r"\bv\d+\.(?:\d*[bhsd]\b|[bhsd]\[)|\bq\d+\b")
SREG = re.compile(r"\b[bhsd]\d+\b")


class Insn:
    __slots__ = ("addr", "mnem", "ops", "target", "tsym")

    def __init__(self, addr, mnem, ops):
        self.addr, self.mnem = addr, mnem
        self.ops = re.sub(r"\s*//.*$", "", ops or "").strip()
        self.target = self.tsym = None
        if self.is_branch() or mnem == "bl":
            m = re.search(r"\b([0-9a-f]+) <(.*)>$", self.ops)
            if m:
                self.target, self.tsym = int(m.group(1), 16), m.group(2)

    def is_branch(self):
        return self.mnem == "b" or bool(COND.match(self.mnem))

    def ends_block(self):
        return self.is_branch() or self.mnem in ("ret", "br", "brk")


def parse(path):
    funcs, cur = {}, None
    with open(path) as f:
        for line in f:
            m = FUNC.match(line)
            if m:
                cur = []
                name = m.group(2)
                funcs[name if name not in funcs else f"{name}@{m.group(1)}"] = cur
                continue
            m = INSN.match(line)
            if m and cur is not None:
                cur.append(Insn(int(m.group(1), 16), m.group(2), m.group(3)))
    return {k: v for k, v in funcs.items() if v}


funcs = parse(dis_path)
starts = sorted((insns[0].addr, name) for name, insns in funcs.items())
start_addrs = [a for a, _ in starts]


def func_at(addr):
    k = bisect.bisect_right(start_addrs, addr) - 1
    if k < 0:
        return None
    name = starts[k][1]
    return name if addr <= funcs[name][-1].addr else None


def ours(name):  # the library's, xsimd's, Eigen's and this tool's functions; not libc's or libstdc++'s
    return not re.match(r"^(\S+ )?(std|__gnu_cxx)::", name) and bool(
        re.search(r"\b(golu|neon_kernels|Eigen|xsimd)::", name))


def inside(insns, addr):
    return insns[0].addr <= addr <= insns[-1].addr


def reachable(root):
    seen, stack = [], [root]
    while stack:
        f = stack.pop()
        if f in seen:
            continue
        seen.append(f)
        for i in funcs[f]:
            if i.target is not None and not inside(funcs[f], i.target):
                g = func_at(i.target)
                if g and ours(g):
                    stack.append(g)
    return seen


class CFG:
    def __init__(self, insns):
        self.insns = insns
        leaders = {insns[0].addr}
        for k, i in enumerate(insns):
            if i.ends_block():
                if i.target is not None and inside(insns, i.target):
                    leaders.add(i.target)
                if k + 1 < len(insns):
                    leaders.add(insns[k + 1].addr)
        self.blocks, self.order = {}, []
        for i in insns:
            if i.addr in leaders:
                self.order.append(i.addr)
                self.blocks[i.addr] = []
            self.blocks[self.order[-1]].append(i)
        self.succ = {}
        for k, b in enumerate(self.order):
            last = self.blocks[b][-1]
            s = []
            if last.is_branch() and last.target is not None and inside(insns, last.target):
                s.append(last.target)
            if last.mnem not in ("b", "ret", "br", "brk") and k + 1 < len(self.order):
                s.append(self.order[k + 1])
            self.succ[b] = s
        self.preds = collections.defaultdict(list)
        for b in self.order:
            for s in self.succ[b]:
                self.preds[s].append(b)

    def dominators(self):
        post, seen = [], {self.order[0]}
        stack = [(self.order[0], iter(self.succ[self.order[0]]))]
        while stack:
            node, it = stack[-1]
            for s in it:
                if s not in seen:
                    seen.add(s)
                    stack.append((s, iter(self.succ[s])))
                    break
            else:
                post.append(node)
                stack.pop()
        rpo = post[::-1]
        idx = {b: k for k, b in enumerate(rpo)}
        idom = {rpo[0]: rpo[0]}

        def meet(a, b):
            while a != b:
                while idx[a] > idx[b]:
                    a = idom[a]
                while idx[b] > idx[a]:
                    b = idom[b]
            return a

        changed = True
        while changed:
            changed = False
            for b in rpo[1:]:
                ps = [p for p in self.preds[b] if p in idom]
                new = ps[0]
                for p in ps[1:]:
                    new = meet(p, new)
                if idom.get(b) != new:
                    idom[b], changed = new, True
        self.live, self.idom = seen, idom

    def dominates(self, a, b):
        while a != b:
            if self.idom[b] == b:
                return False
            b = self.idom[b]
        return True

    def innermost_loops(self):
        """Natural loops (back edge b -> h, h dominating b) that hold no other loop's header."""
        self.dominators()
        loops, latches = collections.defaultdict(set), collections.defaultdict(set)
        for b in self.order:
            if b not in self.live:
                continue
            for h in self.succ[b]:
                if self.dominates(h, b):
                    body, stack = {h, b}, [b]
                    while stack:
                        x = stack.pop()
                        if x != h:
                            for p in self.preds[x]:
                                if p not in body and p in self.live:
                                    body.add(p)
                                    stack.append(p)
                    loops[h] |= body
                    latches[h].add(b)
        return {h: (body, latches[h]) for h, body in loops.items() if not any(g != h and g in body for g in loops)}

    def shortest(self, start, allowed, is_end):
        """Fewest instructions from block start to a block satisfying is_end, within allowed."""
        dist, prev, done = {start: len(self.blocks[start])}, {}, set()
        heap = [(dist[start], start)]
        while heap:
            d, b = heapq.heappop(heap)
            if b in done:
                continue
            done.add(b)
            if is_end(b):
                path = [b]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return path[::-1]
            for s in self.succ[b]:
                if s in allowed and s != start and d + len(self.blocks[s]) < dist.get(s, 1 << 60):
                    dist[s], prev[s] = d + len(self.blocks[s]), b
                    heapq.heappush(heap, (dist[s], s))
        return None


cfg_cache = {}


def cfg(f):
    if f not in cfg_cache:
        cfg_cache[f] = CFG(funcs[f])
    return cfg_cache[f]


def callee_path(addr, depth=0):
    """The instructions a call to addr executes, by its shortest path to a ret (tail branches followed)."""
    f = func_at(addr)
    if f is None or depth > 6:
        return []
    g = cfg(f)
    if addr not in g.blocks:
        return []

    def end(b):
        last = g.blocks[b][-1]
        return last.mnem == "ret" or (last.mnem == "b" and last.target is not None and not inside(g.insns, last.target))

    path = g.shortest(addr, set(g.order), end)
    out = []
    for b in path or []:
        for i in g.blocks[b]:
            out.append(i)
            if i.mnem == "bl" and i.target is not None:
                out += callee_path(i.target, depth + 1)
    last = out[-1] if out else None
    if last is not None and last.mnem == "b" and last.target is not None and not inside(g.insns, last.target):
        out += callee_path(last.target, depth + 1)
    return out


def mem_base(i):
    m = re.search(r"\[(\w+)", i.ops)
    return m.group(1) if m and i.mnem.startswith(("ld", "st")) else None


def defines(i, reg):
    """Whether i writes the 64-bit register reg (as xN or wN, or by writeback)."""
    n = reg[1:]
    if i.mnem.startswith("st") or i.is_branch() or i.mnem in ("cmp", "cmn", "tst", "prfm", "ret", "bl"):
        wb = re.search(r"\[(\w+)(?:, #-?\w+)?\](!|, #)", i.ops)
        return bool(wb) and wb.group(1) == reg
    if i.mnem in ("ldp", "ldnp"):
        return bool(re.match(rf"[xw]{n}, |[xw]\d+, [xw]{n},", i.ops))
    return bool(re.match(rf"[xw]{n}\b", i.ops))


def reg_kind(reg, seq, k, dom_insns, depth=0, seen=None):
    """'stack', 'const' or 'data': what reg points to where seq[k] uses it. seq is one loop
    iteration (cyclic); dom_insns, the code before the loop that dominates it, last first."""
    if reg in ("sp", "x29"):
        return "stack"
    seen = seen or set()
    if depth > 8 or (reg, k) in seen:
        return "data"  # advanced around the loop: a streamed pointer
    seen.add((reg, k))
    n = len(seq)
    cands = [(seq[(k - d) % n], (k - d) % n) for d in range(1, n + 1)] + [(i, None) for i in dom_insns]
    for i, j in cands:
        if not defines(i, reg):
            continue
        if re.match(r"[xw]\d+, (sp|x29)\b", i.ops) and i.mnem in ("mov", "add", "sub"):
            return "stack"
        if i.mnem == "adrp":
            return "const"
        m = re.match(r"[xw]\d+, (x\d+)\b", i.ops)
        if i.mnem in ("add", "sub", "mov") and m:  # follows the source (adrp + add, pointer increments)
            if j is None:
                return reg_kind(m.group(1), [], 0, dom_insns[dom_insns.index(i) + 1:], depth + 1, seen)
            return reg_kind(m.group(1), seq, j, dom_insns, depth + 1, seen)
        return "data"
    return "data"


def dominating_code(g, header):
    out, b = [], header
    while g.idom.get(b, b) != b:
        b = g.idom[b]
        out += g.blocks[b][::-1]
    return out


def q_stores(i):
    if i.mnem in ("str", "stur") and re.match(r"q\d+,", i.ops):
        return 1
    if i.mnem in ("stp", "stnp") and re.match(r"q\d+,", i.ops):
        return 2
    if i.mnem == "st1":
        return len(re.findall(r"v\d+\.4s", i.ops.split("}")[0]))
    return 0


def trace_counts(act, pas):
    """How many times each address began a translated block in the run's qemu trace."""
    cnt = collections.Counter()
    with open(os.path.join(trace_dir, f"{act}.{pas}.log")) as f:
        for line in f:
            m = re.search(r"\[[0-9a-f]+/([0-9a-f]+)/", line)
            if m:
                cnt[int(m.group(1), 16)] += 1
    return cnt


def mca_input(insns):
    """One iteration as llvm-mca reads it: branch targets replaced by a label at the top."""
    lines = [".Lloop:"]
    for i in insns:
        ops = re.sub(r"\b[0-9a-f]+ <.*>$", ".Lloop", i.ops)  # branch targets, adrp pages
        lines.append(f"\t{i.mnem}\t{ops}".rstrip())
    return "\n".join(lines) + "\n"


def mca(text, cpu):
    r = subprocess.run(["llvm-mca", "-mtriple=aarch64", f"-mcpu={cpu}", "-iterations=100"], input=text,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"neon_report: llvm-mca -mcpu={cpu} rejected a loop:\n{r.stderr[:2000]}")
    cycles = int(re.search(r"Total Cycles:\s+(\d+)", r.stdout).group(1)) / 100.0
    rthr = float(re.search(r"Block RThroughput:\s+([\d.]+)", r.stdout).group(1))
    units = re.findall(r"^\[[\d.]+\]\s+-\s+(\S+)", r.stdout, re.M)
    model = re.sub(r"(Unit|Pipe|P\d).*$", "", units[0]) if units else "?"
    return cycles, rthr, model


def short(name):
    """A callee's name without return type, arguments and target namespaces."""
    name = re.sub(r"golu::\w+::", "golu::", name)
    name = name.replace("operator<<", "operator@L").replace("operator>>", "operator@R")
    name = re.sub(r"xsimd::batch<([\w ]+), xsimd::neon64>", r"batch<\1>", name)
    depth, cut = 0, len(name)
    for k, ch in enumerate(name):  # the argument list: the first '(' outside <>
        depth += ch == "<"
        depth -= ch == ">"
        if ch == "(" and depth == 0 and not name[:k].endswith("operator"):
            cut = k
            break
    head = name[:cut]
    depth = 0
    for k in range(len(head) - 1, -1, -1):  # drop the return type: the last space outside <>
        depth += head[k] == ">"
        depth -= head[k] == "<"
        if head[k] == " " and depth == 0:
            head = head[k + 1:]
            break
    return head.replace("operator@L", "operator<<").replace("operator@R", "operator>>")


# The functions of bench/neon_kernels.cpp, in the order of golu::all_activations.
rows = []
for name in funcs:
    m = re.match(r"void neon_kernels::(forward|backward)_kernel<golu::\w+::(\w+)<golu::fast> >\(", name)
    if m:
        rows.append((m.group(2), m.group(1), name))
    m = re.match(r"neon_kernels::eigen_swish_(forward|backward)\(", name)
    if m:
        rows.append(("EigenSwish", m.group(1), name))
if not rows:
    sys.exit("neon_report: no neon_kernels:: functions in the disassembly")

def kernel_of(f):
    """The kernel an array loop was instantiated for (golu::forward's lambda argument)."""
    m = re.search(r"::operator\(\)<(.*?)>\(", f)
    return re.sub(r"golu::\w+::", "", m.group(1)).strip() if m and "for_each_batch" in f else None


def measure(f, h, body, path, loop, act, pas):
    """One hot loop's figures, per iteration."""
    g = cfg(f)
    pre = dominating_code(g, h)
    kinds = [reg_kind(mem_base(i), loop, k, pre) if mem_base(i) else None for k, i in enumerate(loop)]
    vectors = sum(q_stores(i) for i, kd in zip(loop, kinds) if kd == "data")
    if vectors == 0:
        sys.exit(f"neon_report: no vector store to the output in a hot loop of {act} {pas} ({short(f)})")
    executed = []
    for i in loop:
        executed.append(i)
        if i.mnem == "bl" and i.target is not None:
            executed += callee_path(i.target)
    rare_only = [i for b in body - set(path) for i in g.blocks[b]]
    text = mca_input(executed)
    with open(os.path.join(loops_dir, f"{act}.{pas}.{h:x}.s"), "w") as out:
        out.write(f"// {act} {pas}: {kernel_of(f) or short(f)}, loop at 0x{h:x}, {vectors} vectors per iteration\n"
                  + text)
    cycles = {}
    for c in cpus:
        cyc, rthr, model = mca(text, c)
        cycles[c] = (cyc / vectors, rthr / vectors, model)
    return dict(
        vectors=vectors, insns=len(executed) / vectors, own=len(loop) / vectors, cycles=cycles,
        calls=collections.Counter(short(i.tsym) for i in loop if i.mnem == "bl"),
        rare_calls=collections.Counter(short(i.tsym) for i in rare_only if i.mnem == "bl"),
        stack_ops=sum(1 for kd in kinds if kd == "stack"),
        const_loads=sum(1 for i, kd in zip(loop, kinds) if kd == "const" and i.mnem.startswith("ld")),
        scalar_fp=sum(1 for i in loop if not VREG.search(i.ops) and SREG.search(i.ops) and i.mnem.startswith("f")
                      and i.mnem != "fmov"),
        rare_len=len(rare_only), kernel=kernel_of(f))


res = {}
for act, pas, root in rows:
    counts = trace_counts(act, pas)
    cands = []
    for f in reachable(root):
        g = cfg(f)
        for h, (body, latches) in g.innermost_loops().items():
            path = g.shortest(h, body, lambda b: b in latches)
            loop = [i for b in path for i in g.blocks[b]]
            hits = max((counts[i.addr] for b in body for i in g.blocks[b]), default=0)
            cands.append((hits, sum(1 for i in loop if VREG.search(i.ops)), f, h, body, path, loop))
    if not cands:
        sys.exit(f"neon_report: no loop reached from {root}")
    cands.sort(key=lambda c: (c[0], c[1]), reverse=True)
    # The hot loops: every loop that ran at least half as often as the hottest (two where a
    # function makes two passes over the data, as Eigen's backward does).
    hot = [c for c in cands if c[0] >= max(1, cands[0][0] / 2)] or cands[:1]
    loops = [measure(c[2], c[3], c[4], c[5], c[6], act, pas) for c in hot]
    calls, rare_calls = collections.Counter(), collections.Counter()
    for m in loops:
        calls.update(m["calls"])
        rare_calls.update(m["rare_calls"])
    res[(act, pas)] = dict(
        vectors=" + ".join(str(m["vectors"]) for m in loops),
        insns=sum(m["insns"] for m in loops), own=sum(m["own"] for m in loops),
        cycles={c: tuple(sum(m["cycles"][c][k] for m in loops) for k in (0, 1)) + (loops[0]["cycles"][c][2],)
                for c in cpus},
        calls=calls, rare_calls=rare_calls, **{k: sum(m[k] for m in loops) for k in
                                               ("stack_ops", "const_loads", "scalar_fp", "rare_len")},
        kernel=loops[0]["kernel"], kernels=sorted({kernel_of(c[2]) for c in cands if kernel_of(c[2])}))

def check_text():
    m = re.search(r"([\d.e+-]+) forward, ([\d.e+-]+) backward", meta.get("check", ""))
    if not m:
        return ""
    return ("Checked under qemu-aarch64: every kernel ran on 1003 floats in [-12, 12] with finite results, and "
            f"golu's Swish is within {m.group(1)} (forward) and {m.group(2)} (backward) of Eigen's, relative. ")


# Models: one column per distinct scheduling model.
models = collections.OrderedDict()
for c in cpus:
    models.setdefault(res[(rows[0][0], rows[0][1])]["cycles"][c][2], []).append(c)
cols = [(cs[0], ("Cortex-A57" if m == "A57" else m), cs) for m, cs in models.items()]
order = meta.get("order", "").split()
rank = {a: k for k, a in enumerate(["EigenSwish"] + order)}
rows.sort(key=lambda r: (r[1] != "forward", rank.get(r[0], 99)))


def ipv(r):  # instructions per 4-float vector: executed, the loop's own
    return r["insns"], r["own"]


def cpv(r, cpu):  # llvm-mca cycles per 4-float vector: total cycles per iteration, block reciprocal throughput
    return r["cycles"][cpu][:2]


def label(act):
    return "Eigen Swish" if act == "EigenSwish" else act


out = []
w = out.append
w("# NEON hot loops, counted without NEON hardware")
w("")
w(f"`{meta['command']}`, {meta['date']}, commit {meta['commit']}{meta['dirty']}; {meta['compiler']} "
  f"`{meta['flags']}`, xsimd {meta['xsimd']}, Eigen {meta['eigen']}; {meta['mca']}, "
  + "; ".join(f"`-mcpu={'`, `'.join(cs)}`: the {m} model" for _, m, cs in cols)
  + " (LLVM 14 has no Neoverse or Cortex-A7x model of its own). x86 timings: [summary.md](summary.md).")
w("")
w("Per 4-float vector, one iteration of the hot loop on its common path. insns: executed, counting the "
  "functions the loop calls (the loop's own instructions in brackets); cycles: llvm-mca total cycles per "
  "iteration (100 iterations), then Block RThroughput; x Eigen: insns and first-model cycles over Eigen's Swish of "
  "the same pass. Per iteration: calls, loads/stores to the stack, loads of constants.")
w("")
hdr = ("| activation | pass | vectors / iter | insns | " + " | ".join(f"cycles, {m}" for _, m, _ in cols)
       + " | x Eigen | calls | stack | constants |")
w(hdr)
w("|" + "---|" * (hdr.count("|") - 1))
for act, pas, _ in rows:
    r, e = res[(act, pas)], res[("EigenSwish", pas)]
    ex, lp = ipv(r)
    cyc = " | ".join("{:.1f} / {:.1f}".format(*cpv(r, cpu)) for cpu, _, _ in cols)
    xe = f"{ex / ipv(e)[0]:.2f}, {cpv(r, cols[0][0])[0] / cpv(e, cols[0][0])[0]:.2f}"
    w(f"| {label(act)} | {pas} | {r['vectors']} | {ex:.1f} ({lp:.1f}) | {cyc} | {xe} | "
      f"{sum(r['calls'].values())} | {r['stack_ops']} | {r['const_loads']} |")
w("")

g, e = res[("GoLU", "forward")], res[("EigenSwish", "forward")]
ri, rl = ipv(g)[0] / ipv(e)[0], ipv(g)[1] / ipv(e)[1]
met = lambda x: "met" if x <= 1.4 else "not met"
w(f"**Goal: GoLU forward <= 1.4x Eigen's NEON Swish.** Instructions per vector: {ipv(g)[0]:.1f} / {ipv(e)[0]:.1f} "
  f"= {ri:.2f}x, **{met(ri)}** (the loop's own: {rl:.2f}x). llvm-mca cycles per vector: "
  + "; ".join(f"{m} {cpv(g, cpu)[0]:.1f} / {cpv(e, cpu)[0]:.1f} = {cpv(g, cpu)[0] / cpv(e, cpu)[0]:.2f}x, "
              f"**{met(cpv(g, cpu)[0] / cpv(e, cpu)[0])}**" for cpu, m, _ in cols) + ".")
w("")

callees = collections.Counter()
for r in res.values():
    for c in r["calls"]:
        callees[c] += 1
if callees:
    w("Called from the hot loops (number of loops): " + ", ".join(f"`{c}` ({n})" for c, n in callees.most_common())
      + ". Each call passes its batch through the stack and clobbers the caller-saved vector registers, "
      "hence the stack traffic and the constants reloaded per iteration.")
    w("")
rare = [f"{label(a)} {p} ({res[(a, p)]['rare_len']} instructions"
        + "".join(f", calls `{c}`" for c in res[(a, p)]["rare_calls"] if c not in res[(a, p)]["calls"]) + ")"
        for a, p, _ in rows if res[(a, p)]["rare_len"]]
if rare:
    w("Rare paths inside the loop, not counted: " + "; ".join(rare) + ".")
    w("")
picked = [f"{label(a)} {p}: `{res[(a, p)]['kernel']}` of {len(res[(a, p)]['kernels'])}" for a, p, _ in rows
          if len(res[(a, p)]["kernels"]) > 1]
scal = [f"{label(a)} {p} ({res[(a, p)]['scalar_fp']})" for a, p, _ in rows if res[(a, p)]["scalar_fp"]]
if scal:
    w("Scalar FP arithmetic in the loop: " + ", ".join(scal) + ".")
    w("")
w("How: `bench/neon_kernels.cpp` has one out-of-line function per activation of `golu::all_activations` "
  "(fast level) and pass, calling `golu::forward` / `golu::backward`, and Eigen's Swish on `Map<ArrayXf>` "
  "(backward as `bench/golu_ratios.cpp` has it: the logistic into a buffer, then the product: two loops), linked "
  "statically and disassembled (`aarch64-linux-gnu-objdump -d`). Hot loops: the innermost natural loops (a back "
  "edge to a block that dominates it) of that function and those it calls, taking those whose blocks ran at least "
  f"half as often as the hottest's when the function ran once on {meta['trace_n']} floats in [-5, 5] under "
  "`qemu-aarch64 -d exec,nochain`" + (" (so for kernels chosen at run time: " + "; ".join(picked) + ")"
                                        if picked else "")
  + ". Common path: the fewest instructions from the loop header around a back edge (a branch to a rare path "
  "not taken); a call adds the callee's instructions to its `ret`. Vectors per iteration: the path's 128-bit "
  "stores to the output, told from stack stores by their base register (each path as llvm-mca read it: "
  "`build/neon-report/loops/`). " + check_text()
  + "Limits: llvm-mca sees one straight sequence (branches, calls and returns as instructions, never "
  "mispredicted), all loads hitting L1, no rare path; the figures rank kernels, they are not timings.")
with open(out_path, "w") as f:
    f.write("\n".join(out) + "\n")
PY
rm -rf "$out/traces"  # tens of MB; the hot loops as llvm-mca read them stay in $out/loops
echo "neon_report: wrote bench/results/neon.md" >&2
