#!/bin/sh
# The parser against three independent ones (sofia-sip, oSIP, libre, from
# Debian): on the seed traces and every valid RFC 4475/5118 message, where a
# peer parses a message too, it must read the same Call-ID, CSeq, top Via
# branch, From/To tags, Contact and body length. Known peer deviations are
# listed below with their reason; anything else is a failure.
set -u
if [ -n "${SANFLAGS:-}" ]; then
  echo "parser-peers: skipped in the sanitizer pass (peers are not instrumented)"
  exit 0
fi
SHARED=${SHARED:-../shared}
C=$SHARED/conformance
if [ ! -d "$C" ]; then
  echo "notice: $C missing"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
if ! make -s -C bench build >/tmp/parser-peers.build.$$ 2>&1 || [ ! -x bench/build/peers/parse_sofia ]; then
  cat /tmp/parser-peers.build.$$
  rm -f /tmp/parser-peers.build.$$
  echo "parser-peers: the peer harnesses did not build (make deps installs their packages)"
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi
rm -f /tmp/parser-peers.build.$$
files=$(ls examples/traces/*.sip
  awk -F'\t' -v d="$C/rfc4475/" '$3 == "valid" {print d $1}' "$C/rfc4475/EXPECT.tsv"
  awk -F'\t' -v d="$C/rfc5118/wire/" '$3 == "valid" {print d $1}' "$C/rfc5118/EXPECT.tsv")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
for p in parse peers/parse_sofia peers/parse_osip peers/parse_re; do
  "bench/build/$p" -n 1 $files > "$tmp/${p##*/}.tsv" 2>/dev/null
done
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
names = ['callid', 'cseq', 'method', 'branch', 'from_tag', 'to_tag', 'contact', 'body_len']
# (peer, file suffix, field): why the peer differs, checked by hand.
known = {
    ('parse_osip', 'rfc4475/mpart01.dat', 'body_len'): 'oSIP ends the binary body at its first NUL byte; RFC 4475 3.1.1.11 frames it by Content-Length (553)',
    ('parse_re', 'rfc4475/dblreq.dat', 'body_len'): 'libre ignores Content-Length 0 and takes the rest of the datagram; RFC 3261 18.3 says the trailing octets are ignored',
}
def host(uri):
    if uri == '-':
        return uri
    rest = uri.split(':', 1)[1] if ':' in uri else uri
    rest = rest.split('@', 1)[1] if '@' in rest else rest
    if rest.startswith('['):
        return rest[1:rest.index(']')]
    for stop in ':;>?':
        rest = rest.split(stop)[0]
    return rest

def load(p):
    d = {}
    for line in open(p, encoding='utf-8', errors='replace'):
        f = line.rstrip('\n').split('\t')
        d[f[0]] = f[1:]
    return d
sw = load(f'{tmp}/parse.tsv')
passed = failed = skipped = 0
for peer in ['parse_sofia', 'parse_osip', 'parse_re']:
    pe = load(f'{tmp}/{peer}.tsv')
    for path, a in sw.items():
        short = path.split('conformance/')[-1].split('examples/')[-1]
        b = pe.get(path)
        if a[0] == 'PARSE_ERROR':
            failed += 1
            print(f'FAIL: sipwire rejects {short}')
            continue
        if b is None or b[0] == 'PARSE_ERROR':
            skipped += 1  # the peer cannot parse it: nothing to compare
            continue
        for i, n in enumerate(names):
            x, y = a[i], b[i]
            if n == 'contact' and peer != 'parse_re':
                # sofia and oSIP report only the Contact host: compare hosts.
                x, y = host(x), y.strip('[]')
            if n == 'cseq' and x.isdigit() and y.isdigit():
                x, y = int(x), int(y)  # oSIP keeps the digits as written
            if x == y:
                passed += 1
            elif (peer, short, n) in known:
                print(f'known: {peer} {short} {n}: {known[(peer, short, n)]}')
            else:
                failed += 1
                print(f'FAIL: {peer} {short} {n}: sipwire {a[i]!r}, {peer} {b[i]!r}')
print(f'parser-peers: {passed} passed, {failed} failed, {skipped} skipped')
sys.exit(1 if failed else 0)
PY
