#!/bin/sh
# Answering mail (--reply-to-mail): messages shaped like real clients'
# (Gmail: multipart/alternative with a quoted-printable link broken over a
# soft line break; Apple Mail: two links, one of them gone; Outlook:
# HTML-only, base64, Latin-1, a Safe Links wrapper and a Reply-To; a
# forwarded message/rfc822), threads fetched from the loopback X API, the
# reply's headers (To, Re:, In-Reply-To, References, Auto-Submitted) and
# its PDFs; no link, a deleted post, a temporary failure (exit 75); every
# message it must leave alone (exit 0, nothing sent, the reason at -v);
# --allow-from; a reply sent over SMTP.
. "$TP_ROOT/tests/e2e/lib.sh"
. "$TP_ROOT/tests/server/smtplib.sh"
. "$TP_ROOT/tests/server/lib.sh"

F="$TP_ROOT/tests/fixtures/mail"
srv_start "$TP_ROOT/tests/fixtures/api/faults/routes.json" || { fail mail-reply-server "the X API server did not start"; exit 0; }
trap 'srv_stop; smtp_stop_all' EXIT
echo "x-token-$$" >"$TP_TMP/xtoken"
API="--api-base $SRV_BASE/2 --token-file $TP_TMP/xtoken --no-cache"

# reply NAME FIXTURE [options]: answers FIXTURE, the reply in NAME.eml.
reply() {
	name=$1
	fx=$2
	shift 2
	rm -f "$TP_TMP/$name.eml"
	# shellcheck disable=SC2086
	timeout -k 5 120 "$TP_BIN" --reply-to-mail $API --mail-from 'threadpdf <pdf@example.org>' \
		--eml "$TP_TMP/$name.eml" "$@" <"$fx" >"$TP_TMP/$name.out" 2>"$TP_TMP/$name.err"
	echo $? >"$TP_TMP/$name.rc"
}

# 1. Gmail: the link broken by a soft line break, the same link in HTML.
reply gmail "$F/gmail.eml"
R="$TP_TMP/gmail.eml"
expect_rc reply-gmail-ok gmail 0
eml_q reply-gmail-to "$R" "m['To']" "ana.request@gmail.example"
eml_q reply-gmail-subject "$R" "m['Subject']" "Re: Could you make this a PDF?"
eml_q reply-gmail-in-reply-to "$R" "m['In-Reply-To']" "<CAJx7s9Q+abc=dEf_1234@mail.gmail.example>"
eml_q reply-gmail-references "$R" "m['References']" "<CAJx7s9Q+abc=dEf_1234@mail.gmail.example>"
eml_q reply-auto-submitted "$R" "m['Auto-Submitted']" "auto-replied"
eml_q reply-gmail-one-pdf "$R" "[a.get_content_type() for a in atts]" "['application/pdf']"
eml_q reply-gmail-pdf-valid "$R" "atts[0].get_content()[:5]" "b'%PDF-'"
eml_q reply-gmail-body "$R" "'A single tweet for fault test 9005.' in text"

# 2. Apple Mail: two links, one gone: the PDF of one, the other explained.
reply apple "$F/apple.eml"
R="$TP_TMP/apple.eml"
expect_rc reply-apple-ok apple 0
eml_q reply-apple-subject-decoded "$R" "m['Subject']" "Re: Zwei Threads für die Bahn"
eml_q reply-apple-one-pdf "$R" "len(atts)" "1"
eml_q reply-apple-says-what-failed "$R" "'https://x.com/gone/status/123456789: this post was deleted' in text"

# 3. Outlook: HTML only, base64, Latin-1, Safe Links; the reply goes to Reply-To.
reply outlook "$F/outlook.eml"
R="$TP_TMP/outlook.eml"
expect_rc reply-outlook-ok outlook 0
eml_q reply-outlook-to-reply-to "$R" "m['To']" "rene.work@corp.example"
eml_q reply-outlook-subject "$R" "m['Subject']" "Re: PDF s'il vous plaît"
eml_q reply-outlook-safelinks-unwrapped "$R" "len(atts)" "1"
eml_q reply-outlook-references-chain "$R" "m['References']" \
	"<older-1@corp.example> <older-2@corp.example> <AM0PR01MB1234567890ABCDEF@AM0PR01MB1234.eurprd01.prod.outlook.example>"

# 4. A forwarded message: the link inside message/rfc822 (base64 text).
reply forward "$F/forward.eml"
expect_rc reply-forward-ok forward 0
eml_q reply-forward-pdf "$TP_TMP/forward.eml" "len(atts)" "1"

# 5. No link: a short reply saying so, nothing attached.
reply nolink "$F/nolink.eml"
expect_rc reply-nolink-ok nolink 0
eml_q reply-nolink-says "$TP_TMP/nolink.eml" "'No link to a post on X was found' in text and len(atts) == 0"

# 6. The X API failing for now: exit 75 (EX_TEMPFAIL: the MTA retries), no reply.
reply temp "$F/tempfail.eml"
expect_rc reply-tempfail-75 temp 75
check reply-tempfail-no-reply test ! -e "$TP_TMP/temp.eml"

# 7. What must be left alone: exit 0, nothing written, the reason at -v.
base="$F/gmail.eml"
ignore_case() {
	name=$1
	why=$2
	shift 2
	{ printf '%s\r\n' "$@"; cat "$base"; } >"$TP_TMP/$name.in"
	reply "$name" "$TP_TMP/$name.in" -v
	expect_rc "reply-ignores-$name" "$name" 0
	check "reply-ignores-$name-nothing-sent" test ! -e "$TP_TMP/$name.eml"
	expect_err "reply-ignores-$name-says-why" "$name" "$why"
}
ignore_case autosub "Auto-Submitted" "Auto-Submitted: auto-generated"
ignore_case autoreplied "Auto-Submitted" "Auto-Submitted: auto-replied"
ignore_case nullsender "null sender" "Return-Path: <>"
ignore_case bulk "Precedence" "Precedence: bulk"
ignore_case junk "Precedence" "Precedence: junk"
ignore_case listprec "Precedence" "Precedence: list"
ignore_case listid "mailing list" "List-Id: Gardeners <gardeners.lists.example.org>"
ignore_case listunsub "mailing list" "List-Unsubscribe: <mailto:leave@lists.example.org>"
grep -v -e '^Return-Path' -e '^Auto-Submitted' -e '^From:' "$F/bounce.eml" | sed '1i From: reports@mx.example.com' >"$TP_TMP/report.in"
reply report "$TP_TMP/report.in" -v
expect_rc reply-ignores-report report 0
check reply-ignores-report-nothing-sent test ! -e "$TP_TMP/report.eml"
expect_err reply-ignores-report-says-why report "multipart/report"
reply bounce "$F/bounce.eml" -v
check reply-ignores-bounce test ! -e "$TP_TMP/bounce.eml" -a "$(cat "$TP_TMP/bounce.rc")" = 0
SENDER="" reply envnull "$F/gmail.eml" -v
check reply-ignores-null-envelope-sender test ! -e "$TP_TMP/envnull.eml" -a "$(cat "$TP_TMP/envnull.rc")" = 0
{ printf 'Auto-Submitted: no\r\n'; cat "$base"; } >"$TP_TMP/autono.in"
reply autono "$TP_TMP/autono.in"
check reply-answers-auto-submitted-no test -s "$TP_TMP/autono.eml"

# A message past the cap (64 MiB) is refused without being read whole.
head -c 70000000 /dev/zero | tr '\0' 'a' >"$TP_TMP/huge.in"
reply huge "$TP_TMP/huge.in"
expect_rc reply-cap-refused huge 65
expect_err reply-cap-says huge "larger than the cap of 64 MiB"
rm -f "$TP_TMP/huge.in"

# 8. --allow-from: others are not answered; an allowed domain is.
reply denied "$F/gmail.eml" --allow-from @example.com --allow-from friend@example.net -v
check reply-allow-from-denies test ! -e "$TP_TMP/denied.eml" -a "$(cat "$TP_TMP/denied.rc")" = 0
expect_err reply-allow-from-says denied "not in --allow-from"
reply allowed "$F/gmail.eml" --allow-from @GMAIL.example
check reply-allow-from-domain test -s "$TP_TMP/allowed.eml"
reply forged "$F/outlook.eml" --allow-from rene@outlook.example
check reply-allow-from-checks-reply-to test ! -e "$TP_TMP/forged.eml"

# 9. The reply sent over SMTP.
smtp_start reply --auth "alice:$PW" || { fail reply-smtp-server "did not start"; exit 0; }
# shellcheck disable=SC2086
THREADPDF_SMTP_PASSWORD="$PW" timeout -k 5 120 "$TP_BIN" --reply-to-mail $API --mail-from pdf@example.org \
	--smtp "smtp://localhost:$SMTP_PORT" --smtp-cafile "$TP_TMP/cert.pem" --smtp-user alice \
	<"$F/gmail.eml" >"$TP_TMP/rsmtp.out" 2>"$TP_TMP/rsmtp.err"
echo $? >"$TP_TMP/rsmtp.rc"
expect_rc reply-smtp-ok rsmtp 0
eml_q reply-smtp-envelope "$SMTP_STORE/msg-1.eml" "(log[0]['mail_from'], log[0]['rcpt_tos'])" "('pdf@example.org', ['ana.request@gmail.example'])"
smtp_start reply4 --auth "alice:$PW" --fault "mail:0:451 4.3.0 Try later"
# shellcheck disable=SC2086
THREADPDF_SMTP_PASSWORD="$PW" timeout -k 5 120 "$TP_BIN" --reply-to-mail $API --mail-from pdf@example.org \
	--smtp "smtp://localhost:$SMTP_PORT" --smtp-cafile "$TP_TMP/cert.pem" --smtp-user alice \
	<"$F/gmail.eml" >"$TP_TMP/r4.out" 2>"$TP_TMP/r4.err"
echo $? >"$TP_TMP/r4.rc"
expect_rc reply-smtp-4xx-is-75 r4 75
check reply-password-never-written sh -c "! grep -rqF -- '$PW' '$TP_TMP'/*.out '$TP_TMP'/*.err '$TP_TMP'/*.eml '$SMTP_STORE'"
