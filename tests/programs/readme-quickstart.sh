#!/bin/sh
# The README's C quick start compiles against the build tree and prints
# what it says it prints.
set -u
B=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed -n '/^```c$/,/^```$/p' README.md | sed '1d;$d' > "$tmp/quick.c"
pass=0 fail=0
# shellcheck disable=SC2086
if ${CC:-cc} ${SANFLAGS:-} -Wall -Wextra -Werror -Iinclude "$tmp/quick.c" "$B/libsipwire.a" -luuid \
  -o "$tmp/quick" 2>"$tmp/err"; then
  pass=$((pass + 1))
  out=$("$tmp/quick")
  if [ "$out" = "OPTIONS from tag 9fxced76sl, branch z9hG4bK74bf9" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: output: $out"; fi
else
  fail=$((fail + 1))
  echo "FAIL: quick start does not compile:"; cat "$tmp/err"
fi
echo "readme-quickstart: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
