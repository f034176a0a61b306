#!/usr/bin/env bash
# Checks that the committed constants header is exactly what the generator prints:
#   tools/check_constants.sh GENERATOR HEADER
# GENERATOR is a build of tools/gen_constants.cpp (ctest: the golu_gen_constants
# target), HEADER include/golu/detail/constants.hpp. Runs `GENERATOR header` (about
# 30 s) into a temporary file and compares byte for byte: exit status 0 when they
# agree, 1 with a unified diff when they do not, 2 when the generator fails.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 GENERATOR HEADER" >&2
  exit 2
fi
generator=$1
header=$2

tmp=$(mktemp "${TMPDIR:-/tmp}/golu_constants.XXXXXX")
trap 'rm -f "$tmp"' EXIT

if ! "$generator" header >"$tmp"; then
  echo "check_constants: '$generator header' failed" >&2
  exit 2
fi

if ! diff -u --label "$header (committed)" --label "$generator header (regenerated)" "$header" "$tmp"; then
  echo "check_constants: $header is not what the generator prints; regenerate it with" >&2
  echo "  $generator header > $header" >&2
  echo "(or, if the committed values are the intended ones, fix the generator's source in tools/)" >&2
  exit 1
fi
echo "check_constants: $header matches '$generator header' byte for byte"
