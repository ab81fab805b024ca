/* output: delivery of the PDF bytes — atomic replacement of regular files
 * (symlinks followed, mode and owner kept), straight writes into FIFOs,
 * devices and stdout, and removal of temporary files when a signal kills us. */
#include "output.h"
#include "diag.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The temporary files in flight, for the signal handler to remove. A slot
 * goes FREE -> FILLING (its path being copied in) -> LIVE -> FREE; the
 * handler reads only LIVE slots, so it never sees a half-written path. */
enum { SLOT_FREE, SLOT_FILLING, SLOT_LIVE };
#define TEMP_SLOTS 64
static char temp_paths[TEMP_SLOTS][PATH_MAX];
static atomic_int temp_state[TEMP_SLOTS];

/* The signals that kill us with a temporary file removed first. */
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

#define MAX_SYMLINKS 40
#define NAME_MAX_BYTES 200
#define ID_MAX_BYTES 64

/* Claims a slot for path so a fatal signal removes it; returns the slot, or
 * -1 when all are taken or the path is too long (the file is then only
 * removed on errors, not on signals). */
static int temp_register(const char *path)
{
	size_t n = strlen(path);

	if (n >= PATH_MAX)
		return -1;
	for (int i = 0; i < TEMP_SLOTS; i++) {
		int expect = SLOT_FREE;
		if (!atomic_compare_exchange_strong(&temp_state[i], &expect, SLOT_FILLING))
			continue;
		memcpy(temp_paths[i], path, n + 1);
		atomic_store(&temp_state[i], SLOT_LIVE);
		return i;
	}
	return -1;
}

/* Gives a slot back once its file is renamed or removed. */
static void temp_release(int slot)
{
	if (slot >= 0)
		atomic_store(&temp_state[slot], SLOT_FREE);
}

/* Removes every temporary file in flight, then dies of sig the default way
 * (SA_RESETHAND restored it). Async-signal-safe: atomics, unlink, raise. */
static void on_fatal_signal(int sig)
{
	int saved = errno;

	for (int i = 0; i < TEMP_SLOTS; i++)
		if (atomic_load(&temp_state[i]) == SLOT_LIVE)
			unlink(temp_paths[i]);
	errno = saved;
	raise(sig);
}

void output_install_signal_handlers(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
		if (sigaction(fatal_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(fatal_signals[i], &sa, NULL);
	}
	signal(SIGXFSZ, SIG_IGN);
}

/* Fills out with n random letters and digits for a temporary name. */
static void random_name(char *out, size_t n)
{
	static const char set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static atomic_uint counter;
	unsigned char bytes[16];
	struct timespec ts;

	if (n > sizeof bytes)
		n = sizeof bytes;
	if (getentropy(bytes, n) != 0) {
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t h = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^ atomic_fetch_add(&counter, 1);
		for (size_t i = 0; i < n; i++, h = h * 6364136223846793005ull + 1442695040888963407ull)
			bytes[i] = (unsigned char)(h >> 56);
	}
	for (size_t i = 0; i < n; i++)
		out[i] = set[bytes[i] % (sizeof set - 1)];
	out[n] = '\0';
}

/* Creates a fresh temporary file in dir with the given mode (the umask
 * applies) and registers it; returns the fd (and the name in *tmp, the slot
 * in *slot), or -1 with errno set. */
static int create_temp(const char *dir, mode_t mode, char **tmp, int *slot)
{
	char suffix[9];

	for (int tries = 0; tries < 100; tries++) {
		random_name(suffix, 8);
		*tmp = xasprintf("%s/.threadpdf-%s", dir, suffix);
		*slot = temp_register(*tmp);
		int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
		if (fd >= 0)
			return fd;
		int e = errno;
		temp_release(*slot);
		free(*tmp);
		*tmp = NULL;
		errno = e;
		if (e != EEXIST)
			return -1;
	}
	return -1;
}

/* Gives the new file the owner (where allowed: else the group, else ours)
 * and mode of the one it replaces; owner first, as chown clears set-id bits. */
static int copy_owner_mode(const char *shown, int fd, const struct stat *old)
{
	if ((old->st_uid != geteuid() || old->st_gid != getegid()) &&
	    fchown(fd, old->st_uid, old->st_gid) < 0 && fchown(fd, (uid_t)-1, old->st_gid) < 0)
		verbosef(1, "%s: cannot keep its owner and group: %s", shown, strerror(errno));
	return fchmod(fd, old->st_mode & 07777);
}

/* Writes to a fresh temporary file beside path, then renames it over path;
 * old is the regular file replaced (its mode and owner are kept), or NULL
 * for a new file (the umask applies). shown names the target in messages.
 * No fsync: the rename guards against our own failures, and ext4 and
 * friends order a rename-over after the data; an fsync cost 15 ms a file. */
static tp_result write_atomic(const char *shown, const char *path, const struct stat *old,
			      const void *data, size_t len, char *msg, size_t msglen)
{
	char *dir = util_dirname(path);
	char *tmp = NULL;
	tp_result r = TP_OK;
	int slot = -1;
	int fd = create_temp(dir, old ? 0600 : 0666, &tmp, &slot);

	if (fd < 0) {
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: cannot create a file in %s: %s", shown, dir,
			    strerror(errno));
		goto cleanup;
	}
	int bad = (old && copy_owner_mode(shown, fd, old) < 0) || util_write_all(fd, data, len) < 0;
	int e = errno;
	if (close(fd) < 0 || bad) {
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: write failed: %s", shown,
			    strerror(bad ? e : errno));
		unlink(tmp);
		goto cleanup;
	}
	if (rename(tmp, path) < 0) {
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: %s", shown, strerror(errno));
		unlink(tmp);
	}
cleanup:
	temp_release(slot);
	free(tmp);
	free(dir);
	return r;
}

/* Writes all of data to an open descriptor (stdout, a FIFO, a device). */
static tp_result write_fd(const char *shown, int fd, const void *data, size_t len, char *msg,
			  size_t msglen)
{
	if (fd == STDOUT_FILENO && fflush(stdout) != 0)
		return tp_fail(TP_ERR_IO, msg, msglen, "%s: %s", shown, strerror(errno));
	if (util_write_all(fd, data, len) < 0)
		return tp_fail(TP_ERR_IO, msg, msglen, "%s: write failed: %s", shown, strerror(errno));
	return TP_OK;
}

/* The descriptor a path names straight ("/dev/stdout", "/dev/fd/N",
 * "/proc/self/fd/N"), or -1: those are written through the descriptor we
 * hold, so a shell's "> file" keeps its offset and a pipe stays a pipe. */
static int fd_of_path(const char *p)
{
	const char *num = NULL;
	char *end;

	if (strcmp(p, "/dev/stdout") == 0)
		return STDOUT_FILENO;
	if (strcmp(p, "/dev/stderr") == 0)
		return STDERR_FILENO;
	if (strncmp(p, "/dev/fd/", 8) == 0)
		num = p + 8;
	else if (strncmp(p, "/proc/self/fd/", 14) == 0)
		num = p + 14;
	if (!num || *num < '0' || *num > '9')
		return -1;
	long fd = strtol(num, &end, 10);
	return *end || fd > INT_MAX ? -1 : (int)fd;
}

/* Where a write to a path goes, once its symlinks are followed. */
typedef enum target_kind {
	TARGET_NEW,     /* nothing there: a new file (umask applies) */
	TARGET_FILE,    /* a regular file: replaced atomically, mode kept */
	TARGET_STREAM,  /* a FIFO or device: opened and written into */
	TARGET_FD       /* stdout or another descriptor we hold */
} target_kind;

typedef struct target {
	target_kind kind;
	char *path;      /* the name written (symlinks followed); owned */
	int fd;          /* TARGET_FD: the descriptor */
	struct stat st;  /* TARGET_FILE, TARGET_STREAM: what is there now */
} target;

/* Reads the symlink at p into a new string resolved against p's directory;
 * NULL with errno set when it cannot be read. */
static char *link_target(const char *p, size_t size_hint)
{
	size_t cap = size_hint > 0 ? size_hint + 1 : PATH_MAX;
	char *text = xmalloc(cap);
	ssize_t n = readlink(p, text, cap);

	if (n < 0 || (size_t)n >= cap) {
		if (n >= 0)
			errno = ENAMETOOLONG;
		free(text);
		return NULL;
	}
	text[n] = '\0';
	char *dir = util_dirname(p);
	char *next = util_path_join(dir, text);
	free(dir);
	free(text);
	return next;
}

/* Follows the symlinks of path to the name that is written, filling t's
 * path, fd (-1 unless a descriptor path) and st; returns 0, or the errno of
 * the lstat that failed (ENOENT: nothing there, a new file). */
static int follow_links(const char *path, target *t)
{
	t->path = xstrdup(path);
	t->fd = -1;
	for (int hops = 0;; hops++) {
		t->fd = fd_of_path(t->path);
		if (t->fd >= 0)
			return 0;
		if (lstat(t->path, &t->st) < 0)
			return errno;
		if (!S_ISLNK(t->st.st_mode))
			return 0;
		if (hops == MAX_SYMLINKS)
			return ELOOP;
		char *next = link_target(t->path, (size_t)t->st.st_size);
		if (!next)
			return errno;
		free(t->path);
		t->path = next;
	}
}

/* Decides where a write to path goes (see target_kind); shown names it in
 * messages. The place to refuse a target, e.g. by t->st's device and inode. */
static tp_result resolve_target(const char *path, const char *shown, target *t, char *msg,
				size_t msglen)
{
	int err = follow_links(path, t);
	size_t n = strlen(t->path);

	if (t->fd >= 0) {
		t->kind = TARGET_FD;
		if (fcntl(t->fd, F_GETFL) < 0)
			return tp_fail(TP_ERR_IO, msg, msglen, "%s: %s", shown, strerror(errno));
		return TP_OK;
	}
	if (err == ENOENT && n > 0 && t->path[n - 1] == '/')
		return tp_fail(TP_ERR_IO, msg, msglen, "%s: is a directory name, not a file name", shown);
	if (err == ENOENT) {
		t->kind = TARGET_NEW;
		return TP_OK;
	}
	if (err)
		return tp_fail(TP_ERR_IO, msg, msglen, "%s: %s", shown, strerror(err));
	if (S_ISDIR(t->st.st_mode))
		return tp_fail(TP_ERR_IO, msg, msglen, "%s: is a directory, not a file", shown);
	if (S_ISSOCK(t->st.st_mode))
		return tp_fail(TP_ERR_IO, msg, msglen, "%s: is a socket, not a file", shown);
	t->kind = S_ISREG(t->st.st_mode) ? TARGET_FILE : TARGET_STREAM;
	return TP_OK;
}

/* Opens a FIFO or device and writes data into it. */
static tp_result write_stream(const char *shown, const char *path, const void *data, size_t len,
			      char *msg, size_t msglen)
{
	int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return tp_fail(TP_ERR_IO, msg, msglen, "%s: %s", shown, strerror(errno));
	tp_result r = write_fd(shown, fd, data, len, msg, msglen);
	if (close(fd) < 0 && r == TP_OK)
		r = tp_fail(TP_ERR_IO, msg, msglen, "%s: write failed: %s", shown, strerror(errno));
	return r;
}

tp_result output_write(const char *path, const void *data, size_t len, char *msg, size_t msglen)
{
	target t = { 0 };
	tp_result r;

	if (!*path)
		return tp_fail(TP_ERR_USAGE, msg, msglen, "empty file name");
	if (strcmp(path, "-") == 0)
		return write_fd("stdout", STDOUT_FILENO, data, len, msg, msglen);
	r = resolve_target(path, path, &t, msg, msglen);
	if (r != TP_OK)
		goto cleanup;
	if (t.kind == TARGET_FD)
		r = write_fd(path, t.fd, data, len, msg, msglen);
	else if (t.kind == TARGET_STREAM)
		r = write_stream(path, path, data, len, msg, msglen);
	else
		r = write_atomic(path, t.path, t.kind == TARGET_FILE ? &t.st : NULL, data, len, msg,
				 msglen);
cleanup:
	free(t.path);
	return r;
}

/* Appends s made safe for a file name: A-Z a-z 0-9 - _ . kept, any other
 * character (one UTF-8 sequence) as one '_'. */
static void add_safe(buf *b, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		unsigned char c = (unsigned char)*s;
		size_t adv = 1;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.')
			buf_addc(b, (char)c);
		else {
			if (c >= 0x80)
				utf8_decode(s, n, &adv);
			buf_addc(b, '_');
		}
		s += adv;
		n -= adv;
	}
}

/* Cuts b to max bytes, the end replaced by '_' and 8 hex digits of the
 * whole original (so long names that share a start stay distinct). */
static void shorten(buf *b, size_t max, const char *original)
{
	if (b->len <= max)
		return;
	uint64_t h = util_hash(UTIL_HASH_INIT, original, strlen(original));
	b->len = max - 9;
	b->data[b->len] = '\0';
	buf_printf(b, "_%08x", (unsigned)(h & 0xffffffffu));
}

char *output_default_name(const char *handle, const char *id)
{
	buf h, i;

	buf_init(&h);
	buf_init(&i);
	handle = handle ? handle : "";
	add_safe(&h, handle);
	size_t lead = strspn(h.data ? h.data : "", ".-");
	if (lead == h.len) {
		h.len = 0;
		buf_adds(&h, "thread");
	} else if (lead > 0) {
		memmove(h.data, h.data + lead, h.len - lead + 1);
		h.len -= lead;
	}
	id = id && *id ? id : "0";
	add_safe(&i, id);
	shorten(&i, ID_MAX_BYTES, id);
	shorten(&h, NAME_MAX_BYTES - strlen("-.pdf") - i.len, handle);
	char *name = xasprintf("%s-%s.pdf", h.data, i.data);
	buf_free(&h);
	buf_free(&i);
	return name;
}
