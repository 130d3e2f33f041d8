#!/bin/sh
# Build the peer-parser benchmark programs.
#   usage: bench/peers/build.sh [OUTDIR]      (default /tmp/peers)
# Needs pkg-config modules sofia-sip-ua, libosip2 and libre
# (Debian: libsofia-sip-ua-dev libosip2-dev libre-dev).
# Exits non-zero if any program fails to build.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/peers}
CC=${CC:-cc}
CFLAGS=${CFLAGS:--O2}

mkdir -p "$out"

build() {
	prog=$1
	pkg=$2
	extra=${3:-}
	flags=$(pkg-config --cflags --libs "$pkg") || {
		echo "build.sh: pkg-config module '$pkg' not found" >&2
		return 1
	}
	echo "$CC $CFLAGS $extra -I$here -o $out/$prog $here/$prog.c $flags"
	# shellcheck disable=SC2086
	$CC $CFLAGS $extra -I"$here" -o "$out/$prog" "$here/$prog.c" $flags
}

build parse_sofia sofia-sip-ua
build parse_osip libosip2
# libre's headers rely on macros that its own build system (re.mk) puts in
# CFLAGS; libre.pc does not carry them.  Without HAVE_INTTYPES_H and
# HAVE_STDBOOL_H re_types.h defines its own integer/bool types (and clashes
# with glibc); HAVE_INET6 matches the library's struct sa; RELEASE turns off
# the inline mbuf debug checks, as in a release build of libre/baresip.
build parse_re libre "-DHAVE_INTTYPES_H -DHAVE_STDBOOL_H -DHAVE_INET6 -DRELEASE"

echo "built: $out/parse_sofia $out/parse_osip $out/parse_re"
