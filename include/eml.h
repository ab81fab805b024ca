/* eml: writes an Internet message (RFC 5322 + MIME, RFC 2045-2047, 2231)
 * into a buffer: CRLF lines of at most 78 octets where the content allows
 * (never over 998), Date, Message-ID, From/To/Cc, a Subject in RFC 2047
 * encoded-words when it is not ASCII, a text/plain body with an HTML
 * alternative (UTF-8, quoted-printable), and attachments in base64 lines of
 * 76 columns with an RFC 2231 UTF-8 file name plus an ASCII fallback.
 * The bytes are what goes over SMTP (after libcurl's dot-stuffing) and what
 * `--eml` writes for sendmail -t, msmtp -t or mutt -H. Pure string work:
 * knows nothing of threads, PDFs or the network. */
#ifndef THREADPDF_EML_H
#define THREADPDF_EML_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"
#include "util.h"

/* One attachment; all borrowed. */
typedef struct eml_attachment {
	const char *name;          /* UTF-8 file name */
	const char *type;          /* MIME type; NULL: application/pdf */
	const void *data;
	size_t len;
} eml_attachment;

/* A message to write; every pointer is borrowed. Addresses are ASCII,
 * "addr@host" or "Display Name <addr@host>". */
typedef struct eml_message {
	const char *from;
	const char *const *to;
	size_t nto;
	const char *const *cc;
	size_t ncc;
	const char *const *bcc;    /* written only when include_bcc (for sendmail -t, which reads
	                            * and strips it); never in what is uploaded over SMTP */
	size_t nbcc;
	int include_bcc;
	const char *subject;       /* UTF-8; NULL or "": "(no subject)" */
	int64_t date;              /* epoch seconds, written in UTC */
	const char *message_id;    /* "<id@host>"; NULL: eml_message_id(from) */
	const char *in_reply_to;   /* "<id@host>" of the message answered, or NULL */
	const char *references;    /* its References plus its Message-ID, or NULL */
	int auto_replied;          /* 1: "Auto-Submitted: auto-replied" (RFC 3834) */
	const char *text;          /* UTF-8 text/plain body, "\n" line ends */
	const char *html;          /* UTF-8 text/html alternative, or NULL */
	const eml_attachment *att;
	size_t natt;
} eml_message;

/* Appends the message to out. TP_ERR_USAGE with msg when a header value
 * holds a line break or control character (header injection), or an
 * address is not one. */
tp_result eml_write(const eml_message *m, buf *out, char *msg, size_t msglen);

/* TP_OK when addr is one usable address ("a@b.example" or "Name <a@b>",
 * printable ASCII, no line break); else TP_ERR_USAGE with msg naming what
 * (e.g. "--mail-to") and the address. */
tp_result eml_check_address(const char *what, const char *addr, char *msg, size_t msglen);
/* The bare addr-spec of an address ("a@b" of "Name <a@b>"); caller frees. */
char *eml_addr_spec(const char *addr);
/* A fresh Message-ID "<random.threadpdf@domain>", the domain taken from the
 * From address (else "localhost"); caller frees. */
char *eml_message_id(const char *from);
/* RFC 5322 date-time of epoch seconds in UTC ("Tue, 01 Dec 2026 20:44:59 +0000"). */
void eml_format_date(int64_t t, char *out, size_t outlen);
/* Bytes a base64 body of n bytes takes with 76-column CRLF lines. */
size_t eml_base64_size(size_t n);
/* Decodes RFC 2047 encoded-words in a header value to UTF-8 (UTF-8,
 * US-ASCII and ISO-8859-1 charsets; others are left as they are); also
 * unfolds. Caller frees. */
char *eml_decode_words(const char *s);

#endif
