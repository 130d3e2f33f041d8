#!/bin/sh
# Run test binaries, show each one's cmocka summary, close with one
# "N passed, N failed" line. $VALGRIND, if set, prefixes each binary.
passed=0 failed=0 failed_names=""
for t in "$@"; do
  name=${t##*/tests/}
  echo "== $name"
  if $VALGRIND "$t"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failed_names="$failed_names $name"
  fi
done
[ -n "$failed_names" ] && echo "failed:$failed_names"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
