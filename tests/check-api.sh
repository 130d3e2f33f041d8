#!/bin/sh
# The public API is consistent: every SW_API function of the headers is in
# lib/sipwire.map and exported by the shared library, nothing else is
# exported, and each exported function has a man page (STYLE.md).
set -u
lib=$1
hdr=$(grep -ho 'SW_API [^;]*' include/sipwire/*.h | grep -o 'sw_[a-z0-9_]*(' | tr -d '(' | sort -u)
map=$(grep -o 'sw_[a-z0-9_]*;' lib/sipwire.map | tr -d ';' | sort -u)
exp=$(nm -D --defined-only "$lib" | awk '$2 == "T" {print $3}' | sed 's/@.*//' | sort -u)
bad=0
d=$(printf '%s\n' "$hdr" | comm -3 - "$(printf '%s\n' "$map" > /tmp/api.map.$$; echo /tmp/api.map.$$)")
[ -n "$d" ] && { echo "headers and lib/sipwire.map differ:"; echo "$d"; bad=1; }
d=$(printf '%s\n' "$hdr" | comm -3 - "$(printf '%s\n' "$exp" > /tmp/api.exp.$$; echo /tmp/api.exp.$$)")
[ -n "$d" ] && { echo "headers and exported symbols differ:"; echo "$d"; bad=1; }
for sym in $exp; do
  [ -f "man/man3/$sym.3" ] || { echo "no man page for exported $sym"; bad=1; }
done
rm -f /tmp/api.map.$$ /tmp/api.exp.$$
[ "$bad" -eq 0 ] && echo "api: $(printf '%s\n' "$exp" | wc -l) exported functions, each in the map, the headers and man/"
exit "$bad"
