#!/bin/sh
# Sending the PDFs by mail to a real SMTP server on loopback (aiosmtpd,
# tests/server/smtpserver.py): STARTTLS required, AUTH PLAIN, LOGIN and
# XOAUTH2, implicit TLS, an untrusted certificate, a size limit, 4xx then
# OK, 5xx, a refused recipient, a dropped connection; each message taken is
# parsed (Python's email) and checked: headers, structure, the attachment's
# bytes equal to the PDF on disk (and qpdf --check on it), a non-ASCII
# subject and file name. Batches (one message, split by size), --mail-only,
# the config file, password files and commands, --sendmail, the golden
# --eml, and the password absent from every byte the tool writes.
. "$TP_ROOT/tests/e2e/lib.sh"
. "$TP_ROOT/tests/server/smtplib.sh"

S="$TP_ROOT/samples"
OUT="$TP_TMP/out"
mkdir -p "$OUT"

# 1. STARTTLS + AUTH PLAIN: To, Cc and Bcc, one thread.
smtp_start plain --auth "alice:$PW" || { fail mail-server "the SMTP server did not start"; exit 0; }
# shellcheck disable=SC2046
THREADPDF_SMTP_PASSWORD="$PW" mrun plain "$S/short/thread.json" -o "$OUT/short.pdf" \
	--mail-to 'Me Myself <me@example.org>' --mail-cc cc@example.org --mail-bcc hidden@example.org \
	$(mail_smtp "$SMTP_PORT") -vv
M="$SMTP_STORE/msg-1.eml"
expect_rc mail-starttls-ok plain 0
check mail-pdf-kept-on-disk test -s "$OUT/short.pdf"
eml_q mail-over-tls "$M" "log[0]['tls']"
eml_q mail-auth-plain "$M" "log[0]['auth'] == 'PLAIN' and log[0]['user'] == 'alice'"
eml_q mail-envelope "$M" "log[0]['mail_from'] == 'alice@example.org' and sorted(log[0]['rcpt_tos']) == ['cc@example.org', 'hidden@example.org', 'me@example.org']"
eml_q mail-headers "$M" "(m['From'], m['To'], m['Cc'])" "('alice@example.org', 'Me Myself <me@example.org>', 'cc@example.org')"
eml_q mail-no-bcc-header "$M" "m['Bcc'] is None and b'hidden@example.org' not in raw"
eml_q mail-date-and-id "$M" "m['Date'].datetime is not None and m['Message-ID'].startswith('<') and m['Message-ID'].endswith('@example.org>')"
eml_q mail-subject-is-title "$M" "m['Subject']" "Three small things that made my week better:"
eml_q mail-structure "$M" "[p.get_content_type() for p in m.walk()]" "['multipart/mixed', 'multipart/alternative', 'text/plain', 'text/html', 'application/pdf']"
eml_q mail-attachment-bytes "$M" "atts[0].get_content() == pdf('$OUT/short.pdf')"
eml_q mail-attachment-name "$M" "atts[0].get_filename()" "short.pdf"
eml_q mail-text-body "$M" "'https://x.com/samokoro/status/1791000000000000000' in text and 'Sam Okoro' in text and '@samokoro' in text"
eml_q mail-html-body "$M" "'<a href=\"https://x.com/samokoro/status/1791000000000000000\">' in html"
eml_q mail-crlf-lines "$M" "b'\n' not in raw.replace(b'\r\n', b'') and max(len(l) for l in lines) <= 78"
eml_q mail-base64-76 "$M" "max(len(l) for l in raw.split(b'\r\n\r\n', 3)[-1].split(b'\r\n')) <= 76"
if command -v qpdf >/dev/null 2>&1; then
	"$PY" -c 'import email,email.policy,sys; m=email.message_from_binary_file(open(sys.argv[1],"rb"),policy=email.policy.default); a=[p for p in m.walk() if p.get_content_disposition()=="attachment"][0]; open(sys.argv[2],"wb").write(a.get_content())' "$M" "$TP_TMP/att.pdf"
	check mail-attachment-qpdf-check qpdf --check "$TP_TMP/att.pdf"
fi
expect_err mail-trace-shows-protocol plain "smtp > MAIL FROM:<alice@example.org>"
expect_err mail-trace-hides-auth plain "AUTH PLAIN [credentials hidden]"

# 2. AUTH LOGIN (the server offers nothing else), the password from a command.
smtp_start login --auth "alice:$PW" --exclude-auth PLAIN
# shellcheck disable=SC2046
mrun login "$S/short/thread.json" -o "$OUT/login.pdf" --mail-to me@example.org $(mail_smtp "$SMTP_PORT") \
	--smtp-password-command "cat $TP_TMP/pw" -vv
expect_rc mail-login-ok login 0
eml_q mail-auth-login "$SMTP_STORE/msg-1.eml" "log[0]['auth']" "LOGIN"
expect_err mail-trace-hides-login-lines login "smtp > [credentials hidden]"

# The password from ~/.netrc when no other source gives one.
mkdir -p "$HOME"
printf 'machine localhost login alice password %s\n' "$PW" >"$HOME/.netrc"
chmod 600 "$HOME/.netrc"
# shellcheck disable=SC2046
mrun netrc "$S/short/thread.json" -o "$OUT/netrc.pdf" --mail-to me@example.org $(mail_smtp "$SMTP_PORT")
expect_rc mail-netrc-ok netrc 0
check mail-netrc-delivered test "$(lines "$SMTP_STORE/log.jsonl")" = 2
rm -f "$HOME/.netrc"

# A wrong password: 535 at once, exit 16, the server's line.
# shellcheck disable=SC2046
THREADPDF_SMTP_PASSWORD="wrong-one" mrun badpw "$S/short/thread.json" -o "$OUT/badpw.pdf" --mail-to me@example.org \
	$(mail_smtp "$SMTP_PORT")
expect_rc mail-bad-password-exit badpw 16
expect_err mail-bad-password-line badpw "535"
expect_no_err mail-bad-password-not-retried badpw "trying again"

# 3. XOAUTH2 with a token file (and the file's mode checked).
smtp_start oauth --oauth-token "tok-$$-oauth"
printf 'tok-%s-oauth\n' "$$" >"$TP_TMP/token"
chmod 600 "$TP_TMP/token"
# shellcheck disable=SC2046
mrun oauth "$S/short/thread.json" -o "$OUT/oauth.pdf" --mail-to me@example.org $(mail_smtp "$SMTP_PORT") \
	--smtp-oauth2-token-file "$TP_TMP/token" -vv
expect_rc mail-xoauth2-ok oauth 0
eml_q mail-auth-xoauth2 "$SMTP_STORE/msg-1.eml" "log[0]['auth']" "XOAUTH2"
check mail-token-never-printed sh -c "! grep -qF 'tok-$$-oauth' '$TP_TMP/oauth.err' '$TP_TMP/oauth.out' '$SMTP_STORE/msg-1.eml'"
chmod 644 "$TP_TMP/token"
# shellcheck disable=SC2046
mrun oauthmode "$S/short/thread.json" -o "$OUT/oauth.pdf" --mail-to me@example.org $(mail_smtp "$SMTP_PORT") \
	--smtp-oauth2-token-file "$TP_TMP/token"
expect_rc mail-token-file-mode-refused oauthmode 2
expect_err mail-token-file-mode-says-why oauthmode "others may read it"

# 4. Implicit TLS (smtps://), a non-ASCII subject and file name.
smtp_start tls --implicit-tls --auth "alice:$PW"
THREADPDF_SMTP_PASSWORD="$PW" mrun tls "$S/short/thread.json" -o "$OUT/thèse été.pdf" --mail-to me@example.org \
	--smtp "smtps://localhost:$SMTP_PORT" --smtp-cafile "$TP_TMP/cert.pem" --smtp-user alice \
	--mail-from 'Alice <alice@example.org>' --mail-subject 'Thèse über Émile 🌱 — a long subject that has to be folded over lines'
M="$SMTP_STORE/msg-1.eml"
expect_rc mail-smtps-ok tls 0
eml_q mail-smtps-tls "$M" "log[0]['tls']"
eml_q mail-subject-decoded "$M" "m['Subject']" "Thèse über Émile 🌱 — a long subject that has to be folded over lines"
eml_q mail-subject-encoded-words "$M" "all(len(w) <= 75 for w in __import__('re').findall(rb'=\?UTF-8\?B\?[^?]*\?=', raw))"
eml_q mail-filename-utf8 "$M" "atts[0].get_filename()" "thèse été.pdf"
eml_q mail-filename-ascii-fallback "$M" "b'filename=\"these ete.pdf\"' in raw"

# 5. An untrusted certificate: refused, said, not retried; the PDF stays.
THREADPDF_SMTP_PASSWORD="$PW" mrun cert "$S/short/thread.json" -o "$OUT/cert.pdf" --mail-to me@example.org \
	--smtp "smtps://localhost:$SMTP_PORT" --smtp-user alice --mail-from alice@example.org
expect_rc mail-untrusted-cert-exit cert 16
expect_err mail-untrusted-cert-says cert "certificate"
expect_err mail-failure-says-where cert "the PDF is at $OUT/cert.pdf"
check mail-failure-keeps-pdf test -s "$OUT/cert.pdf"

# Plain SMTP (no TLS offered) is allowed to a loopback host only.
smtp_start plainlo --plain
mrun plainlo "$S/short/thread.json" -o "$OUT/plainlo.pdf" --mail-to me@example.org --mail-from a@example.org \
	--smtp "smtp://127.0.0.1:$SMTP_PORT"
expect_rc mail-plain-loopback-ok plainlo 0
eml_q mail-plain-loopback-delivered "$SMTP_STORE/msg-1.eml" "log[0]['tls']" "False"

# 6. A size limit: 552 with the sizes, at once.
smtp_start size --auth "alice:$PW" --size 20000
THREADPDF_SMTP_PASSWORD="$PW" mrun size "$S/world/thread.json" -o "$OUT/world.pdf" --mail-to me@example.org \
	$(mail_smtp "$SMTP_PORT")
expect_rc mail-size-exit size 16
expect_err mail-size-says-limit size "it takes at most 20000"
expect_no_err mail-size-not-retried size "trying again"

# 7. 4xx then OK: retried with backoff, delivered once.
smtp_start busy --auth "alice:$PW" --fault "mail:1:451 4.3.0 Busy, try again later"
THREADPDF_SMTP_PASSWORD="$PW" mrun busy "$S/short/thread.json" -o "$OUT/busy.pdf" --mail-to me@example.org \
	$(mail_smtp "$SMTP_PORT")
expect_rc mail-4xx-retried-ok busy 0
expect_err mail-4xx-said busy "451 4.3.0 Busy"
check mail-4xx-delivered-once test "$(lines "$SMTP_STORE/log.jsonl")" = 1

smtp_start busy2 --auth "alice:$PW" --fault "mail:0:452 4.3.1 Insufficient system storage"
THREADPDF_SMTP_PASSWORD="$PW" mrun busy2 "$S/short/thread.json" -o "$OUT/busy2.pdf" --mail-to me@example.org \
	$(mail_smtp "$SMTP_PORT")
expect_rc mail-4xx-bounded-exit busy2 16
expect_err mail-4xx-bounded-line busy2 "the server answered: 452 4.3.1 Insufficient system storage; the PDF is at"
check mail-4xx-bounded-attempts test "$(grep -c 'trying again' "$TP_TMP/busy2.err")" = 3

# 8. 5xx: fails at once with the server's line.
smtp_start reject --auth "alice:$PW" --fault "data:0:554 5.7.1 Message rejected as spam"
THREADPDF_SMTP_PASSWORD="$PW" mrun reject "$S/short/thread.json" -o "$OUT/reject.pdf" --mail-to me@example.org \
	$(mail_smtp "$SMTP_PORT")
expect_rc mail-5xx-exit reject 16
expect_err mail-5xx-line reject "554 5.7.1 Message rejected as spam"
expect_no_err mail-5xx-not-retried reject "trying again"

# 9. A refused recipient among several: the others get it, it is reported.
smtp_start rcpt --auth "alice:$PW" --fault "rcpt:bad@example.org:550 5.1.1 No such user"
THREADPDF_SMTP_PASSWORD="$PW" mrun rcpt "$S/short/thread.json" -o "$OUT/rcpt.pdf" \
	--mail-to good@example.org,bad@example.org --mail-cc other@example.org $(mail_smtp "$SMTP_PORT")
expect_rc mail-refused-rcpt-exit rcpt 16
expect_err mail-refused-rcpt-named rcpt "bad@example.org (550 5.1.1 No such user)"
eml_q mail-refused-rcpt-others-got-it "$SMTP_STORE/msg-1.eml" "sorted(log[0]['rcpt_tos'])" "['good@example.org', 'other@example.org']"

# 10. A dropped connection: retried, delivered.
smtp_start drop --auth "alice:$PW" --fault "drop:1"
THREADPDF_SMTP_PASSWORD="$PW" mrun drop "$S/short/thread.json" -o "$OUT/drop.pdf" --mail-to me@example.org \
	$(mail_smtp "$SMTP_PORT")
expect_rc mail-dropped-retried-ok drop 0
check mail-dropped-delivered test "$(lines "$SMTP_STORE/log.jsonl")" = 1

# 11. A batch: one message with every PDF, then split by --mail-max-size.
smtp_start batch --auth "alice:$PW"
THREADPDF_SMTP_PASSWORD="$PW" mrun batch "$S/short/thread.json" "$S/world/thread.json" -o "$OUT/batch/" -q \
	--mail-to me@example.org $(mail_smtp "$SMTP_PORT")
expect_rc mail-batch-ok batch 0
eml_q mail-batch-one-message "$SMTP_STORE/msg-1.eml" "(len(log), len(atts))" "(1, 2)"
eml_q mail-batch-subject "$SMTP_STORE/msg-1.eml" "m['Subject']" "2 threads"
eml_q mail-batch-bytes "$SMTP_STORE/msg-1.eml" \
	"all(a.get_content() == pdf('$OUT/batch/' + a.get_filename()) for a in atts)"
THREADPDF_SMTP_PASSWORD="$PW" mrun split "$S/short/thread.json" "$S/world/thread.json" -o "$OUT/split/" -q \
	--mail-to me@example.org $(mail_smtp "$SMTP_PORT") --mail-max-size 20k
expect_rc mail-split-ok split 0
eml_q mail-split-two-messages "$SMTP_STORE/msg-3.eml" "(len(log), len(atts))" "(3, 1)"
eml_q mail-split-numbered "$SMTP_STORE/msg-3.eml" "m['Subject']" "2 threads (2/2)"

# At most 25 PDFs a message (Send-to-Kindle's limit): 26 threads make two.
mkdir -p "$TP_TMP/many"
for k in $(seq 10 35); do
	sed "s/17910000000000000\([0-9][0-9]\)/179100000000$k\1/g" "$S/short/thread.json" >"$TP_TMP/many/t$k.json"
done
THREADPDF_SMTP_PASSWORD="$PW" mrun many "$TP_TMP"/many/t*.json -o "$OUT/many/" -q -j 1 \
	--mail-to me@example.org $(mail_smtp "$SMTP_PORT")
expect_rc mail-many-ok many 0
eml_q mail-many-first-25 "$SMTP_STORE/msg-4.eml" "(len(log), len(atts), m['Subject'])" "(5, 25, '26 threads by @samokoro (1/2)')"
eml_q mail-many-then-1 "$SMTP_STORE/msg-5.eml" "(len(atts), m['Subject'])" "(1, '26 threads by @samokoro (2/2)')"

# 12. --mail-only: nothing left on disk once sent; a failure keeps them and says where.
THREADPDF_SMTP_PASSWORD="$PW" mrun only "$S/short/thread.json" -o "$OUT/only.pdf" --mail-only \
	--mail-to me@example.org $(mail_smtp "$SMTP_PORT")
expect_rc mail-only-ok only 0
check mail-only-no-file test ! -e "$OUT/only.pdf"
smtp_start down --auth "alice:$PW" --fault "data:0:554 5.0.0 No"
THREADPDF_SMTP_PASSWORD="$PW" mrun onlyfail "$S/short/thread.json" "$S/world/thread.json" -q --mail-only \
	--mail-to me@example.org $(mail_smtp "$SMTP_PORT")
expect_rc mail-only-failure-exit onlyfail 16
dir=$(sed -n 's/.*the PDFs are in \([^ ]*\).*/\1/p' "$TP_TMP/onlyfail.err")
check mail-only-failure-keeps-pdfs test "$(ls "$dir"/*.pdf 2>/dev/null | wc -l)" -eq 2
rm -rf "$dir"

# 13. The config file: `--mail` sends where it says; a password in a file
# others may read is refused with the reason; options win over it.
mkdir -p "$XDG_CONFIG_HOME/threadpdf"
smtp_start cfg --auth "alice:$PW"
cat >"$XDG_CONFIG_HOME/threadpdf/config" <<CFG
# threadpdf settings
smtp = smtp://localhost:$SMTP_PORT
user = alice
from = Alice <alice@example.org>
to = usual@example.org
cafile = $TP_TMP/cert.pem
password-command = cat $TP_TMP/pw
page-size = letter
CFG
mrun cfg "$S/short/thread.json" -o "$OUT/cfg.pdf" --mail
expect_rc mail-config-ok cfg 0
eml_q mail-config-recipient "$TP_TMP/cfg/msg-1.eml" "(log[0]['rcpt_tos'], m['From'])" "(['usual@example.org'], 'Alice <alice@example.org>')"
check mail-config-default-option sh -c "pdfinfo '$OUT/cfg.pdf' | grep -q 'letter'"
mrun cfgwin "$S/short/thread.json" -o "$OUT/cfgwin.pdf" --mail-to other@example.org
eml_q mail-config-command-line-wins "$TP_TMP/cfg/msg-2.eml" "log[1]['rcpt_tos']" "['other@example.org']"
mrun noask "$S/short/thread.json" -o "$OUT/noask.pdf"
check mail-config-no-mail-unasked test "$(lines "$TP_TMP/cfg/log.jsonl")" = 2
sed -i '/password-command/d' "$XDG_CONFIG_HOME/threadpdf/config"
echo "password = $PW" >>"$XDG_CONFIG_HOME/threadpdf/config"
chmod 644 "$XDG_CONFIG_HOME/threadpdf/config"
mrun cfgmode "$S/short/thread.json" -o "$OUT/cfgmode.pdf" --mail
expect_rc mail-config-password-readable-refused cfgmode 2
expect_err mail-config-password-says-why cfgmode "holds a password but others may read it"
chmod 600 "$XDG_CONFIG_HOME/threadpdf/config"
mrun cfgpw "$S/short/thread.json" -o "$OUT/cfgpw.pdf" --mail
expect_rc mail-config-password-ok cfgpw 0
echo "colour = blue" >>"$XDG_CONFIG_HOME/threadpdf/config"
mrun cfgbad "$S/short/thread.json" -o "$OUT/cfgbad.pdf"
expect_rc mail-config-unknown-key cfgbad 2
expect_err mail-config-unknown-key-line cfgbad "colour is not a setting threadpdf knows"
rm -f "$XDG_CONFIG_HOME/threadpdf/config"

# 14. Password files: refused when others may read them.
chmod 644 "$TP_TMP/pw"
mrun pwmode "$S/short/thread.json" -o "$OUT/pwmode.pdf" --mail-to me@example.org $(mail_smtp 1) \
	--smtp-password-file "$TP_TMP/pw"
expect_rc mail-password-file-mode-refused pwmode 2
expect_err mail-password-file-mode-says pwmode "others may read it (mode 644)"
chmod 600 "$TP_TMP/pw"
mrun urlcred "$S/short/thread.json" -o "$OUT/u.pdf" --mail-to me@example.org --mail-from a@example.org \
	--smtp "smtp://alice:$PW@localhost:1"
expect_rc mail-url-credentials-refused urlcred 2

# 15. --sendmail=CMD and --eml: Bcc kept for sendmail -t, the same message.
mrun sm "$S/short/thread.json" -o "$OUT/sm.pdf" --mail-to me@example.org --mail-bcc b@example.org \
	--mail-from alice@example.org --sendmail="cat > $TP_TMP/sm.eml"
expect_rc mail-sendmail-ok sm 0
eml_q mail-sendmail-bcc-for-t "$TP_TMP/sm.eml" "(m['To'], m['Bcc'])" "('me@example.org', 'b@example.org')"
mrun smfail "$S/short/thread.json" -o "$OUT/sm.pdf" --mail-to me@example.org --mail-from alice@example.org \
	--sendmail="cat >/dev/null; exit 75"
expect_rc mail-sendmail-failure-exit smfail 16
expect_err mail-sendmail-failure-says smfail "exited with status 75"

# 16. The golden message (fixed Date and Message-ID).
g="$TP_ROOT/tests/golden/mail/short.eml"
(cd "$OUT" && THREADPDF_TEST_DATE=1726000000 THREADPDF_TEST_MESSAGE_ID='<golden.threadpdf@example.org>' \
	"$TP_BIN" "$S/short/thread.json" -o short-golden.pdf --mail-to 'Reader <reader@example.org>' \
	--mail-from 'threadpdf <pdf@example.org>' --eml - >"$TP_TMP/golden.raw" 2>"$TP_TMP/golden.err")
# The PDF's base64 lines are folded into one line with their count: the
# attachment's bytes are checked against the PDF above, and the golden then
# does not change with every change of rendering.
python3 - "$TP_TMP/golden.raw" >"$TP_TMP/golden.eml" <<'PY'
import re, sys
out, run = [], 0
for line in open(sys.argv[1], "rb").read().split(b"\r\n"):
    if re.fullmatch(rb"[A-Za-z0-9+/=]{8,76}", line) and len(line) >= 60 or (run and re.fullmatch(rb"[A-Za-z0-9+/=]+", line)):
        run += 1
        continue
    if run:
        out.append(b"[%d lines of base64]" % run)
        run = 0
    out.append(line)
sys.stdout.buffer.write(b"\r\n".join(out))
PY
if [ -n "$TP_GOLDEN_UPDATE" ]; then
	mkdir -p "$(dirname "$g")"
	cp "$TP_TMP/golden.eml" "$g"
fi
check mail-golden-eml cmp "$TP_TMP/golden.eml" "$g"

# 17. The password never appears in any byte the tool wrote.
if grep -rlF -- "$PW" "$TP_TMP"/*.out "$TP_TMP"/*.err "$OUT" "$TP_TMP"/*/msg-*.eml "$TP_TMP/sm.eml" 2>/dev/null | grep -q .; then
	fail mail-password-never-written "$(grep -rlF -- "$PW" "$TP_TMP"/*.out "$TP_TMP"/*.err "$OUT" "$TP_TMP"/*/msg-*.eml | tr '\n' ' ')"
else
	pass mail-password-never-written
fi

# A collection: one message with the book attached (--eml needs no server).
"$TP_BIN" "$TP_ROOT/samples/short/thread.json" "$TP_ROOT/samples/rtl/thread.json" --collection \
	-o "$TP_TMP/book.pdf" --mail-to me@example.org --mail-from bot@example.org --eml "$TP_TMP/book.eml" -q \
	2>"$TP_TMP/book.err"
rc=$?
check mail-collection-exit [ $rc -eq 0 ]
check mail-collection-attachment python3 - "$TP_TMP/book.eml" "$TP_TMP/book.pdf" <<'PY'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
atts = [p for p in m.iter_attachments() if p.get_content_type() == "application/pdf"]
assert len(atts) == 1, len(atts)
assert atts[0].get_filename() == "book.pdf", atts[0].get_filename()
assert atts[0].get_content() == open(sys.argv[2], "rb").read()
assert "2 threads" in m["Subject"], m["Subject"]
PY
