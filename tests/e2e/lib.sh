# Shared helpers for the end-to-end scripts (sourced, not run).
# pass NAME / fail NAME WHY / skip NAME WHY print the lines tests/run.sh counts.
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
# check NAME CMD...: PASS when the command succeeds.
check() { n=$1; shift; if "$@" >/dev/null 2>&1; then pass "$n"; else fail "$n" "$*"; fi; }
# Number of lines in a file.
lines() { wc -l <"$1" | tr -d ' '; }
