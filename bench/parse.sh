#!/bin/sh
# bench/parse.sh - run the parse benchmark and print the table (see README.md).
#
# Run from bench/ after `make build` (the Makefile's `run` target does both).
# Environment:
#   CORPUS   message files (default ../examples/traces/*.sip)
#   ITER     passes over the corpus per measured run (default 100)
#   B        build directory (default build)
#
# For each program (build/parse and the peers in build/peers/) it runs
#   valgrind --tool=callgrind PROG -q -n 0    FILES   (start-up only)
#   valgrind --tool=callgrind PROG -q -n ITER FILES
# and takes the difference of the two, divided by ITER * messages (or
# ITER * bytes).  Allocations are the calls to malloc, calloc and realloc in
# the callgrind call graph, counted the same way.  It then checks that the
# four programs print the same fields, measures the code size of build/parse
# against build/empty, and prints
#   bench  metric  sipwire  peer  peer_value  ratio       (ratio = sipwire / peer)
# on stdout (also saved in build/parse.tsv), followed by '#' lines that
# compare the numbers with the goals.  Progress goes to stderr.
set -eu

B=${B:-build}
ITER=${ITER:-100}
CORPUS=${CORPUS:-$(ls ../examples/traces/*.sip)}
CG=$B/callgrind
CODE_LIMIT=30720        # bytes: .text+.rodata+.data delta must stay under 30 KB
IR_GOAL=0.25            # sipwire Ir/msg <= IR_GOAL * leanest peer's

say() { printf '%s\n' "parse.sh: $*" >&2; }

command -v valgrind >/dev/null 2>&1 || { say "valgrind not found (make deps)"; exit 1; }
[ -x "$B/parse" ] && [ -x "$B/empty" ] || { say "$B/parse or $B/empty missing: run make build"; exit 1; }

# shellcheck disable=SC2086
set -- $CORPUS
[ $# -gt 0 ] || { say "empty corpus"; exit 1; }
NMSG=$#
BYTES=$(cat "$@" | wc -c | tr -d ' ')
mkdir -p "$CG"
say "corpus: $NMSG messages, $BYTES bytes; $ITER passes per run"

# name:program pairs; sipwire first.
PROGS="sipwire:$B/parse sipwire-full:$B/parse-full sipwire-check:$B/parse-check sofia-sip:$B/peers/parse_sofia osip2:$B/peers/parse_osip libre:$B/peers/parse_re"

# Total Ir of a callgrind output file.
cg_ir() {
	awk '/^(summary|totals):/ { print $2; exit }' "$1"
}

# malloc + calloc + realloc calls in a callgrind output file (needs
# --compress-strings=no).  Calls made from inside the allocator itself
# (e.g. realloc(NULL) -> malloc) are not counted twice.
cg_allocs() {
	awk '
	function isalloc(f) { return f == "malloc" || f == "calloc" || f == "realloc" }
	/^fn=/   { fn = substr($0, 4); cfn = ""; next }
	/^cfn=/  { cfn = substr($0, 5); next }
	/^calls=/ {
		split(substr($0, 7), a, " ")
		if (isalloc(cfn) && !isalloc(fn)) n += a[1]
		cfn = ""
		next
	}
	END { printf "%d\n", n }' "$1"
}

results=$B/parse.results     # name ir0 irN alloc0 allocN
: > "$results"
missing=""
for pp in $PROGS; do
	name=${pp%%:*}
	prog=${pp#*:}
	if [ ! -x "$prog" ]; then
		say "$name: $prog not built, skipped"
		missing="$missing $name"
		continue
	fi
	for n in 0 "$ITER"; do
		out=$CG/$name.$n.out
		say "$name: callgrind -n $n"
		if ! valgrind --tool=callgrind --compress-strings=no --compress-pos=no \
			--callgrind-out-file="$out" "$prog" -q -n "$n" "$@" \
			> "$CG/$name.$n.stdout" 2> "$CG/$name.$n.stderr"; then
			say "$name: run failed, see $CG/$name.$n.stderr"
			exit 1
		fi
	done
	printf '%s %s %s %s %s\n' "$name" \
		"$(cg_ir "$CG/$name.0.out")" "$(cg_ir "$CG/$name.$ITER.out")" \
		"$(cg_allocs "$CG/$name.0.out")" "$(cg_allocs "$CG/$name.$ITER.out")" >> "$results"
done

# sipwire's own count (sw_failalloc behind the context and the arena).
sw_fa=$(sed -n 's/.*allocs_in_loop=\([0-9]*\).*/\1/p' "$CG/sipwire.$ITER.stderr")
sw_arena_max=$(sed -n 's/.*arena_used_max=\([0-9]*\).*/\1/p' "$CG/sipwire.$ITER.stderr")

# --- field outputs -------------------------------------------------------
# One native pass each; Contact reduced to its host for sofia-sip and osip2
# (they only expose the host), compared in full with libre.
tohost='BEGIN { FS = OFS = "\t" }
{ c = $8; if (NF >= 9 && c != "-") { sub(/^sips?:/, "", c); sub(/^[^@]*@/, "", c); sub(/[:;?].*$/, "", c) }
  if (NF >= 9) $8 = c; print }'
fields=$B/fields
mkdir -p "$fields"
"$B/parse" -n 1 "$@" > "$fields/sipwire.tsv" 2>/dev/null
awk "$tohost" "$fields/sipwire.tsv" > "$fields/sipwire.host.tsv"
: > "$fields/summary"
for pp in $PROGS; do
	name=${pp%%:*}
	prog=${pp#*:}
	case $name in sipwire*) continue ;; esac
	[ -x "$prog" ] || continue
	"$prog" -n 1 "$@" > "$fields/$name.tsv" 2>/dev/null || true
	if [ "$name" = libre ]; then ours=$fields/sipwire.tsv; else ours=$fields/sipwire.host.tsv; fi
	# Messages (lines) that differ.
	ndiff=$(awk 'BEGIN { FS = "\t" }
		NR == FNR { a[FNR] = $0; n1 = FNR; next }
		{ if (a[FNR] != $0) d++; n2 = FNR }
		END { if (n1 != n2) d += (n1 > n2 ? n1 - n2 : n2 - n1); printf "%d\n", d }' \
		"$ours" "$fields/$name.tsv")
	diff "$ours" "$fields/$name.tsv" > "$fields/$name.diff" || true
	echo "$name $ndiff" >> "$fields/summary"
done

# --- code size -------------------------------------------------------------
size -A "$B/parse-size" > "$B/size.parse"
size -A "$B/empty" > "$B/size.empty"

# --- table -----------------------------------------------------------------
awk -v nmsg="$NMSG" -v bytes="$BYTES" -v iter="$ITER" -v sw_fa="${sw_fa:-}" \
    -v sw_amax="${sw_arena_max:-}" -v limit="$CODE_LIMIT" -v goal="$IR_GOAL" \
    -v missing="$missing" -v bdir="$B" \
    -v results="$results" -v fsum="$fields/summary" \
    -v sp="$B/size.parse" -v se="$B/size.empty" '
function ratio(a, b) { return b > 0 ? sprintf("%.3f", a / b) : "-" }
function row(metric, swv, peer, pv) {
	printf "parse\t%s\t%s\t%s\t%s\t%s\n", metric, swv, peer, pv, ratio(swv, pv)
}
function secsize(file, arr,    line, f) {
	while ((getline line < file) > 0) {
		split(line, f, /[ \t]+/)
		if (f[1] ~ /^\./ && f[2] ~ /^[0-9]+$/) arr[f[1]] = f[2]
	}
	close(file)
}
BEGIN {
	n = 0
	while ((getline line < results) > 0) {
		split(line, f, " ")
		net = f[3] - f[2]
		if (f[1] ~ /^sipwire-/) {	# a variant of ours, not a peer
			nv++; vname[nv] = substr(f[1], 9); virmsg[nv] = net / (iter * nmsg)
			continue
		}
		n++; name[n] = f[1]
		irmsg[n] = net / (iter * nmsg)
		irbyte[n] = net / (iter * bytes)
		alloc[n] = (f[5] - f[4]) / (iter * nmsg)
	}
	if (n == 0 || name[1] != "sipwire") { print "parse.sh: no sipwire result" > "/dev/stderr"; exit 1 }

	print "bench\tmetric\tsipwire\tpeer\tpeer_value\tratio"
	for (i = 2; i <= n; i++) row("ir_per_msg", sprintf("%.0f", irmsg[1]), name[i], sprintf("%.0f", irmsg[i]))
	for (i = 2; i <= n; i++) row("ir_per_byte", sprintf("%.1f", irbyte[1]), name[i], sprintf("%.1f", irbyte[i]))
	for (i = 2; i <= n; i++) row("allocs_per_msg", sprintf("%.4f", alloc[1]), name[i], sprintf("%.2f", alloc[i]))
	for (v = 1; v <= nv; v++)
		for (i = 2; i <= n; i++) row("ir_per_msg_" vname[v], sprintf("%.0f", virmsg[v]), name[i], sprintf("%.0f", irmsg[i]))
	if (n == 1) {	# no peers: sipwire alone
		row("ir_per_msg", sprintf("%.0f", irmsg[1]), "-", "-")
		row("ir_per_byte", sprintf("%.1f", irbyte[1]), "-", "-")
		row("allocs_per_msg", sprintf("%.4f", alloc[1]), "-", "-")
	}

	secsize(sp, P); secsize(se, E)
	code = (P[".text"] + P[".rodata"] + P[".data"]) - (E[".text"] + E[".rodata"] + E[".data"])
	row("code_bytes", code, "limit", limit)

	# Field agreement: a warning row per peer whose output differs.
	nf = 0
	while ((getline line < fsum) > 0) {
		split(line, f, " ")
		nf++
		if (f[2] + 0 > 0)
			printf "parse\tWARNING_fields_differ\t%d\t%s\t%d\t-\n", f[2], f[1], nmsg
		else
			agree = agree (agree == "" ? "" : ", ") f[1]
	}

	# Goals.
	lean = 0
	for (i = 2; i <= n; i++) if (lean == 0 || irmsg[i] < irmsg[lean]) lean = i
	if (lean) {
		r = irmsg[1] / irmsg[lean]
		printf "# goal ir_per_msg <= %.2f x leanest peer (%s, %.0f) = %.0f: sipwire %.0f, ratio %.3f: %s\n",
			goal, name[lean], irmsg[lean], goal * irmsg[lean], irmsg[1], r, r <= goal ? "PASS" : "FAIL"
	}
	printf "# goal allocs_per_msg = 0: sipwire %.4f (callgrind malloc/calloc/realloc calls; sw_failalloc counted %s in %d parses; largest arena use %s bytes): %s\n",
		alloc[1], sw_fa, iter * nmsg, sw_amax, alloc[1] == 0 ? "PASS" : "FAIL"
	other = 0
	for (s in P) if (s != ".text" && s != ".rodata" && s != ".data" && s !~ /^\.(debug|comment)/)
		other += P[s] - E[s]
	printf "# goal code_bytes < %d: .text %+d, .rodata %+d, .data %+d = %d: %s (other loaded sections: .data.rel.ro %+d, .eh_frame %+d, all others %+d)\n",
		limit, P[".text"] - E[".text"], P[".rodata"] - E[".rodata"], P[".data"] - E[".data"], code,
		code < limit ? "PASS" : "FAIL", P[".data.rel.ro"] - E[".data.rel.ro"],
		P[".eh_frame"] - E[".eh_frame"],
		other - (P[".data.rel.ro"] - E[".data.rel.ro"]) - (P[".eh_frame"] - E[".eh_frame"])
	if (nf && agree != "")
		printf "# fields: sipwire prints the same fields as %s on all %d messages (Contact compared as host for sofia-sip/osip2, full URI for libre)\n", agree, nmsg
	if (missing != "")
		printf "# WARNING: peers not built:%s\n", missing
	printf "# corpus: %d messages, %d bytes; callgrind, -n %d minus -n 0; outputs in %s/\n", nmsg, bytes, iter, bdir
}' | tee "$B/parse.tsv"
