# Helpers for the mail e2e scripts (sourced after tests/e2e/lib.sh): a
# self-signed certificate, the loopback SMTP server (tests/server/smtpserver.py)
# started and stopped by its pid, and questions about the messages it took
# or that threadpdf wrote, answered by Python's email package.
# Needs TP_ROOT, TP_TMP, TP_BIN.

PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	skip "$(basename "$0" .sh)" "python3-aiosmtpd is not installed (make setup)"
	exit 0
fi
if ! command -v openssl >/dev/null 2>&1; then
	skip "$(basename "$0" .sh)" "openssl is needed for the test certificate"
	exit 0
fi
unset THREADPDF_SMTP_PASSWORD SENDER
export HOME="$TP_TMP/home"
export XDG_CONFIG_HOME="$TP_TMP/config"
mkdir -p "$XDG_CONFIG_HOME" "$HOME"
PW="pw-$$-Xq7!secret"
printf '%s\n' "$PW" >"$TP_TMP/pw"
chmod 600 "$TP_TMP/pw"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TP_TMP/key.pem" -out "$TP_TMP/cert.pem" -days 1 \
	-subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >/dev/null 2>&1
SMTP_PIDS=""
trap 'smtp_stop_all' EXIT
trap 'smtp_stop_all; exit 1' INT TERM

# smtp_start NAME [smtpserver args...]: starts a server storing into
# $TP_TMP/NAME; sets SMTP_PORT and SMTP_STORE. Returns 1 when it did not start.
smtp_start() {
	name=$1
	shift
	SMTP_STORE="$TP_TMP/$name"
	rm -rf "$SMTP_STORE" "$TP_TMP/$name.info"
	"$PY" "$TP_ROOT/tests/server/smtpserver.py" --store "$SMTP_STORE" --info "$TP_TMP/$name.info" \
		--cert "$TP_TMP/cert.pem" --key "$TP_TMP/key.pem" --lifetime "${SMTP_LIFETIME:-120}" "$@" \
		>"$TP_TMP/$name.srv.out" 2>"$TP_TMP/$name.srv.err" &
	SMTP_PIDS="$SMTP_PIDS $!"
	i=0
	while [ ! -s "$TP_TMP/$name.info" ] && [ $i -lt 200 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	[ -s "$TP_TMP/$name.info" ] || return 1
	SMTP_PORT=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["port"])' "$TP_TMP/$name.info")
}

# smtp_stop_all: stops every server this script started (by pid).
smtp_stop_all() {
	for p in $SMTP_PIDS; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	SMTP_PIDS=""
}

# mrun NAME ARGS...: runs threadpdf; keeps NAME.out, NAME.err, NAME.rc.
mrun() {
	name=$1
	shift
	timeout -k 5 120 "$TP_BIN" "$@" >"$TP_TMP/$name.out" 2>"$TP_TMP/$name.err"
	echo $? >"$TP_TMP/$name.rc"
}

# expect_rc TEST RUN CODE / expect_err TEST RUN TEXT / expect_no_err TEST RUN TEXT
expect_rc() {
	got=$(cat "$TP_TMP/$2.rc")
	if [ "$got" = "$3" ]; then pass "$1"; else fail "$1" "exit $got, want $3: $(tail -n 2 "$TP_TMP/$2.err" | tr '\n' ' ')"; fi
}
expect_err() {
	if grep -qF -- "$3" "$TP_TMP/$2.err"; then pass "$1"; else fail "$1" "stderr lacks \"$3\": $(tail -n 3 "$TP_TMP/$2.err" | tr '\n' ' ')"; fi
}
expect_no_err() {
	if grep -qF -- "$3" "$TP_TMP/$2.err"; then fail "$1" "stderr has \"$3\""; else pass "$1"; fi
}

# eml_q TEST FILE EXPR [WANT]: evaluates EXPR over the message in FILE (m:
# the parsed message, raw: its bytes, atts: its attachments, text/html:
# its bodies, log: the server's log lines of the store FILE is in); PASS
# when it prints WANT (default True).
eml_q() {
	got=$("$PY" "$TP_ROOT/tests/server/emlq.py" "$2" "$3" 2>&1)
	want=${4:-True}
	if [ "$got" = "$want" ]; then pass "$1"; else fail "$1" "$3 -> $(echo "$got" | tail -n 3 | tr '\n' ' '), want $want"; fi
}

# mail_smtp PORT: the options that send to the server on PORT as alice.
mail_smtp() {
	echo "--smtp smtp://localhost:$1 --smtp-cafile $TP_TMP/cert.pem --smtp-user alice --mail-from alice@example.org"
}
