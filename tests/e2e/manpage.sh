#!/bin/sh
# The man page (doc/threadpdf.1) is kept in step with --help: every option
# --help lists has an entry under OPTIONS, and every entry there is an option
# --help lists. On a FAIL, add (or drop) a .TP entry in doc/threadpdf.1 for
# each option named; `sh tests/e2e/manpage.sh` with TP_BIN and TP_ROOT set
# prints the two lists. The page must also format without groff warnings.
. "$TP_ROOT/tests/e2e/lib.sh"
page="$TP_ROOT/doc/threadpdf.1"
[ -f "$page" ] || { fail manpage-exists "no $page"; exit 0; }

# Option names of --help: the leading -x, and --name of each option line.
"$TP_BIN" --help >"$TP_TMP/help.txt" 2>&1 || fail manpage-help-runs "threadpdf --help exited $?"
grep -E '^ +-' "$TP_TMP/help.txt" |
	sed -E 's/^ +//; s/^((-[A-Za-z0-9],? +)?--[A-Za-z0-9][A-Za-z0-9-]*|-[A-Za-z0-9]).*/\1/' |
	grep -oE '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | tr -d ' ,' | sort -u >"$TP_TMP/help.opts"

# Option names of the man page: the heading line after each .TP under .SH OPTIONS.
awk '/^\.SH/ { in_opts = ($2 == "OPTIONS") ; next }
     in_opts && /^\.TP/ { getline; print }' "$page" |
	sed -E 's/\\f[BIRP]//g; s/\\-/-/g; s/"//g' |
	grep -oE '(^|[ ,])--?[A-Za-z0-9][A-Za-z0-9-]*' | tr -d ' ,' | sort -u >"$TP_TMP/man.opts"

check manpage-help-has-options test -s "$TP_TMP/help.opts"
missing=$(comm -23 "$TP_TMP/help.opts" "$TP_TMP/man.opts" | tr '\n' ' ')
extra=$(comm -13 "$TP_TMP/help.opts" "$TP_TMP/man.opts" | tr '\n' ' ')
if [ -z "$missing" ]; then pass manpage-has-every-help-option; else fail manpage-has-every-help-option "in --help, not in doc/threadpdf.1: $missing"; fi
if [ -z "$extra" ]; then pass manpage-has-no-stale-option; else fail manpage-has-no-stale-option "in doc/threadpdf.1, not in --help: $extra"; fi

if command -v groff >/dev/null 2>&1; then
	groff -man -ww -z "$page" >"$TP_TMP/groff.err" 2>&1
	if [ -s "$TP_TMP/groff.err" ]; then fail manpage-formats "groff: $(head -n 3 "$TP_TMP/groff.err" | tr '\n' ' ')"; else pass manpage-formats; fi
else
	skip manpage-formats "groff is not installed"
fi
