#!/bin/sh
# Every symbol the shared library exports has a man page (STYLE.md).
set -eu
lib=$1
missing=0
for sym in $(nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}' | sed 's/@.*//' | sort -u); do
  if [ ! -f "man/man3/$sym.3" ]; then
    echo "no man page for exported $sym"
    missing=$((missing + 1))
  fi
done
[ "$missing" -eq 0 ] && echo "man pages: every exported function has one"
[ "$missing" -eq 0 ]
