#!/bin/sh
# sipwire-parse's contract (DESIGN.md "Programs"): exit codes 0/1/3/2,
# normalised output that parses again, JSON that is valid, lenient repairs.
# Usage: sipwire-parse.sh BUILD_DIR (SHARED from the environment).
set -u
BIN=${BUILD:-build}/sipwire-parse
C=${SHARED:-../shared}/conformance/rfc4475
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_rc() { # want, description, command...
  want=$1; what=$2; shift 2
  "$@" >/tmp/sp.$$ 2>/tmp/sp.err.$$; rc=$?
  if [ "$rc" = "$want" ]; then ok; else bad "$what: exit $rc, expected $want: $(cat /tmp/sp.err.$$)"; fi
}
if [ ! -d "$C" ]; then
  echo "notice: $C missing"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
expect_rc 0 "--help" "$BIN" --help
expect_rc 0 "--version" "$BIN" --version
expect_rc 2 "unknown option" "$BIN" --bogus
expect_rc 2 "missing file" "$BIN" /nonexistent/file
expect_rc 2 "two files" "$BIN" "$C/wsinv.dat" "$C/wsinv.dat"
expect_rc 0 "valid wsinv" "$BIN" "$C/wsinv.dat"
expect_rc 1 "syntax error badinv01" "$BIN" "$C/badinv01.dat"
grep -q "^offset 217: " /tmp/sp.err.$$ && ok || bad "badinv01 offset: $(cat /tmp/sp.err.$$)"
expect_rc 3 "refused badvers" "$BIN" "$C/badvers.dat"
grep -q "would answer 505" /tmp/sp.err.$$ && ok || bad "badvers 505: $(cat /tmp/sp.err.$$)"
expect_rc 3 "refused mismatch02" "$BIN" "$C/mismatch02.dat"
grep -q "would answer 501" /tmp/sp.err.$$ && ok || bad "mismatch02 501"
expect_rc 0 "stdin" sh -c "\"$BIN\" - < \"$C/esc01.dat\""
expect_rc 1 "strict lwsstart" "$BIN" "$C/lwsstart.dat"
expect_rc 0 "lenient lwsstart" "$BIN" --lenient "$C/lwsstart.dat"
# The normalised output of every valid file parses again, strictly.
for f in "$C"/*.dat; do
  if "$BIN" "$f" >/tmp/sp.norm.$$ 2>/dev/null; then
    expect_rc 0 "normalised $(basename "$f") reparses" "$BIN" /tmp/sp.norm.$$
  fi
done
# JSON output is valid JSON with the start line and every header.
for f in "$C/wsinv.dat" "$C/intmeth.dat" "$C/mpart01.dat" "$C/unreason.dat"; do
  if "$BIN" --json "$f" >/tmp/sp.json.$$ 2>/dev/null &&
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["headers"] and "body" in d' /tmp/sp.json.$$; then
    ok
  else
    bad "json $(basename "$f")"
  fi
done
rm -f /tmp/sp.$$ /tmp/sp.err.$$ /tmp/sp.norm.$$ /tmp/sp.json.$$
echo "sipwire-parse: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
