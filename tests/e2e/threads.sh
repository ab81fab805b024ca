# The render's second thread (colour emoji, src/pdf_emoji.c) under
# ThreadSanitizer: the emoji-rich samples rendered by build/tsan (made by
# `make test`) without a race report. Runs once, with the release build.
. "$TP_ROOT/tests/e2e/lib.sh"
[ "$TP_BUILD" = release ] || exit 0
bin=$TP_ROOT/build/tsan/threadpdf
[ -x "$bin" ] || { skip threads-tsan "no ThreadSanitizer build (make BUILD=tsan)"; exit 0; }
for s in garden world; do
	if TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$bin" "$TP_ROOT/samples/$s/thread.json" \
		-o "$TP_TMP/$s.pdf" 2>"$TP_TMP/$s.err" && ! grep -q ThreadSanitizer "$TP_TMP/$s.err" &&
		pdfimages -list "$TP_TMP/$s.pdf" 2>/dev/null | awk 'NR>2 && $3=="smask"' | grep -q .; then
		pass "threads-tsan-$s"
	else
		fail "threads-tsan-$s" "$(grep -m3 -A3 ThreadSanitizer "$TP_TMP/$s.err" | head -c 500 | tr '\n' ' ')"
	fi
done
