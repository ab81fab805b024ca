# The parsers on damaged input: each fuzz target (tests/fuzz/) replays its
# seeds and 2,000 deterministic mutations of each; a crash, a hang or a
# sanitizer report fails it. `make fuzz` runs the same targets under
# libFuzzer for longer.
. "$TP_ROOT/tests/e2e/lib.sh"
dir=$(dirname "$TP_BIN")
for t in fuzz_xv2 fuzz_xurl fuzz_image fuzz_text fuzz_archive fuzz_mailin; do
	bin=$dir/tests/fuzz/$t
	[ -x "$bin" ] || { fail "$t" "no driver at $bin (make unit)"; continue; }
	seeds=$(sh "$TP_ROOT/tests/fuzz/seeds.sh" $t "$TP_ROOT")
	[ -n "$seeds" ] || { fail "$t" "no seeds"; continue; }
	# shellcheck disable=SC2086
	if timeout 120 "$bin" -m 2000 $seeds >"$TP_TMP/$t.out" 2>"$TP_TMP/$t.err"; then
		cat "$TP_TMP/$t.out"
	else
		fail "$t" "exit $?: $(grep -v '^threadpdf: ' "$TP_TMP/$t.err" | head -c 600 | tr '\n' ' ')"
	fi
done
