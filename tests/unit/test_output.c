/* Unit tests for output: default file names, and what output_write does
 * with regular files, symlinks, FIFOs, directories and empty names. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "output.h"
#include "util.h"

/* Checks one default name against the wanted one. */
static void name_is(const char *test, const char *handle, const char *id, const char *want)
{
	char *got = output_default_name(handle, id);
	CHECK_STR(test, got, want);
	free(got);
}

/* Checks that a default name is safe: short enough, not hidden, plain bytes. */
static int name_is_safe(const char *name)
{
	if (strlen(name) > 200 || name[0] == '.' || name[0] == '-')
		return 0;
	return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") ==
	       strlen(name);
}

/* The default names, ordinary and odd. */
static void test_default_names(void)
{
	name_is("name-plain", "jack", "20", "jack-20.pdf");
	name_is("name-no-handle", NULL, "20", "thread-20.pdf");
	name_is("name-no-id", "jack", NULL, "jack-0.pdf");
	name_is("name-empty-handle", "", "", "thread-0.pdf");
	name_is("name-dots", "..", "7", "thread-7.pdf");
	name_is("name-dot", ".", "7", "thread-7.pdf");
	name_is("name-many-dots", ".....", "7", "thread-7.pdf");
	name_is("name-hidden", ".profile", "7", "profile-7.pdf");
	name_is("name-dash", "-rf", "7", "rf-7.pdf");
	name_is("name-slashes", "../../etc/x", "7", "_.._etc_x-7.pdf");
	name_is("name-utf8-one-per-char", "café✓", "7", "caf__-7.pdf");
	name_is("name-controls", "a\nb\tc", "7", "a_b_c-7.pdf");

	char handle[301];
	memset(handle, 'h', 300);
	handle[300] = '\0';
	char *a = output_default_name(handle, "1790000000000000007");
	char *b = output_default_name(handle, "1790000000000000007");
	handle[299] = 'x';
	char *c = output_default_name(handle, "1790000000000000007");
	CHECK("name-long-at-most-200", strlen(a) <= 200 && name_is_safe(a));
	CHECK("name-long-keeps-id", strstr(a, "-1790000000000000007.pdf") != NULL);
	CHECK("name-long-deterministic", strcmp(a, b) == 0);
	CHECK("name-long-distinct", strcmp(a, c) != 0 && strlen(c) <= 200);
	free(a);
	free(b);
	free(c);
	char id[301];
	memset(id, '9', 300);
	id[300] = '\0';
	a = output_default_name(handle, id);
	CHECK("name-long-id-at-most-200", strlen(a) <= 200 && name_is_safe(a));
	free(a);
	a = output_default_name("..", "../..");
	CHECK("name-dotted-id-safe", name_is_safe(a));
	free(a);
}

/* 1 when dir holds a leftover temporary file. */
static int has_temp(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	while (d && (e = readdir(d)))
		if (strncmp(e->d_name, ".threadpdf-", 11) == 0)
			found = 1;
	if (d)
		closedir(d);
	return found;
}

/* 1 when path holds exactly want. */
static int holds(const char *path, const char *want)
{
	buf b;
	buf_init(&b);
	int ok = util_read_file(path, &b) == 0 && b.len == strlen(want) && memcmp(b.data, want, b.len) == 0;
	buf_free(&b);
	return ok;
}

/* output_write onto regular files, symlinks, directories, FIFOs. */
static void test_write(const char *dir)
{
	char msg[256];
	struct stat st;
	char *file = xasprintf("%s/mode.pdf", dir);
	char *link = xasprintf("%s/link.pdf", dir);
	char *dangling = xasprintf("%s/dangling.pdf", dir);
	char *created = xasprintf("%s/created.pdf", dir);
	char *fifo = xasprintf("%s/fifo", dir);

	CHECK("write-new", output_write(file, "one", 3, msg, sizeof msg) == TP_OK && holds(file, "one"));
	chmod(file, 0600);
	CHECK("write-keeps-mode", output_write(file, "two", 3, msg, sizeof msg) == TP_OK &&
					  holds(file, "two") && stat(file, &st) == 0 &&
					  (st.st_mode & 07777) == 0600);
	CHECK("write-setup-link", symlink("mode.pdf", link) == 0);
	CHECK("write-through-link", output_write(link, "three", 5, msg, sizeof msg) == TP_OK &&
					    lstat(link, &st) == 0 && S_ISLNK(st.st_mode) &&
					    holds(file, "three"));
	CHECK("write-link-target-mode", stat(file, &st) == 0 && (st.st_mode & 07777) == 0600);
	CHECK("write-setup-dangling", symlink("created.pdf", dangling) == 0);
	CHECK("write-dangling-creates-target",
	      output_write(dangling, "four", 4, msg, sizeof msg) == TP_OK && lstat(dangling, &st) == 0 &&
		      S_ISLNK(st.st_mode) && holds(created, "four"));

	msg[0] = '\0';
	CHECK("write-directory-fails", output_write(dir, "x", 1, msg, sizeof msg) == TP_ERR_IO &&
					       strstr(msg, "is a directory") && strstr(msg, dir));
	CHECK("write-empty-name-fails", output_write("", "x", 1, msg, sizeof msg) == TP_ERR_USAGE &&
						strstr(msg, "empty file name"));

	CHECK("write-setup-fifo", mkfifo(fifo, 0600) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		alarm(20);  /* a replaced FIFO never gets a writer */
		_exit(holds(fifo, "into the fifo") ? 0 : 1);
	}
	int status = -1;
	tp_result r = output_write(fifo, "into the fifo", 13, msg, sizeof msg);
	waitpid(pid, &status, 0);
	CHECK("write-into-fifo", r == TP_OK && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
					 lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
	CHECK("write-no-temp-left", !has_temp(dir));

	unlink(fifo);
	unlink(created);
	unlink(dangling);
	unlink(link);
	unlink(file);
	free(fifo);
	free(created);
	free(dangling);
	free(link);
	free(file);
}

int main(void)
{
	char dir[] = "/tmp/tp-output-XXXXXX";

	test_default_names();
	if (!mkdtemp(dir)) {
		SKIP("write", "no scratch directory");
		CHECK_DONE();
	}
	test_write(dir);
	rmdir(dir);
	CHECK_DONE();
}
