#!/bin/sh
# The suite: every unit-test binary and every end-to-end script, for each
# build directory given. Tests print "PASS name", "FAIL name: why" or
# "SKIP name: why"; this counts them and closes with "N passed, N failed".
# A test program that crashes or exits non-zero without a FAIL line counts
# as one failure; one that runs longer than TP_TIMEOUT seconds (default 300)
# is stopped and counts as a failure too. Each runs with its own HOME and
# XDG_CACHE_HOME, so nothing reaches the user's cache.
root=$(cd "$(dirname "$0")/.." && pwd)
shared="$root/../shared"
[ -d "$shared" ] || shared=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0 fail=0 skip=0

# Runs one test program, prefixing its lines with the build name.
run_one() {
	label=$1; shift
	out=$(mktemp)
	home=$(mktemp -d)
	HOME="$home" XDG_CACHE_HOME="$home/cache" timeout -k 10 "${TP_TIMEOUT:-300}" "$@" >"$out" 2>"$out.err" </dev/null
	rc=$?
	rm -rf "$home"
	[ $rc -eq 124 ] && echo "FAIL [$label] $*: timed out after ${TP_TIMEOUT:-300} s" >>"$log"
	sed "s|^\(PASS\|FAIL\|SKIP\) |\1 [$label] |" "$out" | grep -E '^(PASS|FAIL|SKIP) ' >>"$log"
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] && ! grep -q '^FAIL ' "$out"; then
		echo "FAIL [$label] $(basename "$2" 2>/dev/null || echo "$1"): exited $rc: $(tail -n 3 "$out.err" | tr '\n' ' ')" >>"$log"
	fi
	rm -f "$out" "$out.err"
}

for dir in "$@"; do
	build=$(basename "$dir")
	bin="$root/$dir/threadpdf"
	for t in "$root/$dir"/tests/test_*; do
		[ -x "$t" ] || continue
		case "$t" in *.d) continue ;; esac
		(cd "$root" && run_one "$build" "$t")
	done
	for s in "$root"/tests/e2e/*.sh; do
		[ -f "$s" ] || continue
		tmp=$(mktemp -d)
		(cd "$root" && TP_BIN="$bin" TP_ROOT="$root" TP_TMP="$tmp" TP_SHARED="$shared" \
			TP_BUILD="$build" run_one "$build" sh "$s")
		rm -rf "$tmp"
	done
done

grep '^FAIL ' "$log"
[ -n "$TP_VERBOSE" ] && grep -v '^FAIL ' "$log"
pass=$(grep -c '^PASS ' "$log")
fail=$(grep -c '^FAIL ' "$log")
skip=$(grep -c '^SKIP ' "$log")
grep '^SKIP ' "$log" | sed 's/^SKIP \[[^]]*\] //' | sort -u | sed 's/^/skipped: /'
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
