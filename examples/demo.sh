#!/bin/sh
# make demo: parse every message of the seed traces with sipwire-parse and
# show it normalised. (Later: a real call on loopback.)
set -eu
BUILD=${1:-build}
n=0
for f in examples/traces/*.sip; do
  n=$((n + 1))
  echo "=== $f"
  "$BUILD/sipwire-parse" "$f"
done
echo "=== as JSON: examples/traces/67-aleg-bye-reason.sip"
"$BUILD/sipwire-parse" --json examples/traces/67-aleg-bye-reason.sip
echo
echo "demo: $n messages parsed"
