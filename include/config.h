/* config: the settings file people keep, $XDG_CONFIG_HOME/threadpdf/config
 * (else ~/.config/threadpdf/config): `key = value` lines, '#' comments,
 * blank lines; a value may be wrapped in double quotes. A key is a long
 * option's name without the dashes ("smtp", "mail-to", "page-size") or a
 * short alias (user, from, to, cc, bcc, password-command, password-file,
 * cafile, oauth2-token-file, subject, max-size); "password" is a setting of
 * the file only. Options given on the command line win. A file readable by
 * others that holds a password is refused. Knows nothing of what the
 * options mean: main applies them. */
#ifndef THREADPDF_CONFIG_H
#define THREADPDF_CONFIG_H

#include <stddef.h>

#include "result.h"

typedef struct config_entry {
	char *key;                 /* canonical: the long option's name (aliases resolved) */
	char *value;
	int line;
} config_entry;

typedef struct config {
	char *path;
	config_entry *v;
	size_t n;
} config;

/* The default path (see above), or NULL when neither $XDG_CONFIG_HOME nor
 * $HOME is set; caller frees. */
char *config_default_path(void);

/* Reads the file at path. A missing file is an empty config unless
 * must_exist. TP_ERR_USAGE with msg ("config F line N: ...") on a line that
 * is not `key = value`, or when a password is in a file that group or
 * others may read; TP_ERR_IO when it cannot be read; TP_ERR_INPUT past
 * UTIL_CAP_CONFIG. */
tp_result config_read(const char *path, int must_exist, config **out, char *msg, size_t msglen);
/* The last value of key, or NULL. */
const char *config_get(const config *c, const char *key);
/* The canonical name of a key (aliases resolved); static or key itself. */
const char *config_canonical(const char *key);
/* Reads a secret (a password, a token) from the first line of the file
 * at path: refused (TP_ERR_USAGE) when group or others may read the file,
 * at most UTIL_CAP_TOKEN. what names it in msg ("--smtp-password-file").
 * *out is the caller's (wipe it, then free). */
tp_result config_secret_file(const char *what, const char *path, char **out, char *msg, size_t msglen);
/* Runs cmd with /bin/sh and takes the first line it prints as the secret
 * (msmtp's passwordeval); TP_ERR_USAGE when it fails or prints nothing. */
tp_result config_secret_command(const char *what, const char *cmd, char **out, char *msg, size_t msglen);

/* Frees c (wiping values: a password may be among them); NULL is fine. */
void config_free(config *c);

#endif
