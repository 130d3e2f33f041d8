#!/bin/sh
# The stack against SIPp (Debian sip-tester) over UDP on loopback, both ways,
# SIPp dropping 30% of what it receives to force retransmissions:
#  1. SIPp sends 20 OPTIONS and drops 30% of our 200s: every transaction must
#     succeed, and our transaction user must see each request exactly once.
#  2. We send 20 OPTIONS and SIPp drops 30% of them: all must succeed, with
#     retransmissions on the wire.
set -u
if [ -n "${SANFLAGS:-}" ]; then
  echo "sipp: skipped in the sanitizer pass (interop with outside peers)"
  exit 0
fi
if ! command -v sipp >/dev/null 2>&1; then
  echo "notice: sipp missing (make deps installs sip-tester)"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
B=${BUILD:-build}
PEER=$B/sipwire-embed
S=$(cd "$(dirname "$0")" && pwd)/sipp
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Four free UDP ports on loopback, high range.
set -- $(python3 -c '
import socket
socks = []
for _ in range(4):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))')
P1=$1 P2=$2 P3=$3 P4=$4
pass=0 fail=0
check() { if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi; }

# 1. SIPp as UAC.
timeout 60 "$PEER" serve "127.0.0.1:$P1" 50 20 > "$tmp/serve.out" 2>&1 &
srv=$!
sleep 0.3
# SIPp gives up a non-INVITE after 5 retransmissions by default: with 30% of
# the 200s dropped that fails 1 run in 70; after 10, 1 in 30,000.
(cd "$tmp" && timeout 60 sipp "127.0.0.1:$P1" -sf "$S/options_uac.xml" -m 20 -r 20 -i 127.0.0.1 -p "$P2" -max_non_invite_retrans 10 \
  -nostdin -timeout 50s > sipp-uac.out 2>&1)
check $? "SIPp UAC: not every OPTIONS succeeded: $(grep -E 'Successful call|Failed call' "$tmp/sipp-uac.out" | tr -s ' ')"
wait $srv
grep -q "^requests 20$" "$tmp/serve.out"
check $? "our UAS passed up $(cat "$tmp/serve.out") instead of 20 requests"

# 2. SIPp as UAS.
(cd "$tmp" && timeout 90 sipp -sf "$S/options_uas.xml" -i 127.0.0.1 -p "$P3" -m 20 -nostdin -timeout 80s \
  > sipp-uas.out 2>&1; echo $? > sipp-uas.rc) &
sleep 0.3
out=$(timeout 90 "$PEER" ping "127.0.0.1:$P4" "127.0.0.1:$P3" 20)
check $? "our UAC: $out"
wait
check "$(cat "$tmp/sipp-uas.rc")" "SIPp UAS: $(grep -E 'Successful call|Failed call' "$tmp/sipp-uas.out" | tr -s ' ')"
sent=$(echo "$out" | sed -n 's/.*sent \([0-9]*\).*/\1/p')
[ "${sent:-0}" -gt 20 ]
check $? "no retransmission seen ($out): SIPp's drops did not force any"
echo "sipp: $pass passed, $fail failed ($out)"
[ "$fail" -eq 0 ]
