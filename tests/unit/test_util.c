/*
 * test_util.c - the growable buffer (cap, NUL termination, detach), error
 * values and diagnostics ordering, allocation fault injection, atomic file
 * replacement and path confinement.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"

static void test_buf(void)
{
	struct tz_buf b;
	char *p;
	size_t len;

	tz_buf_init(&b, 16);
	CHECK(b.data[0] == '\0' && b.len == 0);
	CHECK(tz_buf_adds(&b, "hallo") == 0);
	CHECK(tz_buf_addf(&b, " %d", 42) == 0);
	CHECK_STR(b.data, "hallo 42");
	/* the cap is a hard limit: 8 + 9 > 16, buffer unchanged */
	CHECK(tz_buf_adds(&b, "123456789") == -1);
	CHECK_STR(b.data, "hallo 42");
	CHECK(tz_buf_adds(&b, "12345678") == 0); /* exactly at the cap */
	CHECK(b.len == 16);
	CHECK(tz_buf_addc(&b, 'x') == -1);
	tz_buf_truncate(&b, 5);
	CHECK_STR(b.data, "hallo");
	p = tz_buf_detach(&b, &len);
	CHECK_STR(p, "hallo");
	CHECK(len == 5);
	CHECK(b.len == 0 && b.data[0] == '\0');
	free(p);
	p = tz_buf_detach(&b, NULL); /* detaching an empty buffer gives "" */
	CHECK_STR(p, "");
	free(p);
	tz_buf_release(&b);
}

static void test_errors(void)
{
	struct tz_error e;
	struct tz_diags d;

	tz_error_clear(&e);
	CHECK(tz_error_set(&e, TZ_ERR_CONTENT, "a.xml", 7, "bad '%s'", "x") == -1);
	CHECK_STR(e.msg, "bad 'x'");
	CHECK(e.line == 7);
	CHECK(tz_error_exit_code(TZ_ERR_CONTENT) == 1);
	CHECK(tz_error_exit_code(TZ_ERR_USAGE) == 2);
	CHECK(tz_error_exit_code(TZ_ERR_IO) == 3);
	CHECK(tz_error_exit_code(TZ_ERR_NOMEM) == 3);
	CHECK(tz_error_exit_code(TZ_ERR_INTERRUPTED) == 5);

	tz_diags_init(&d);
	tz_diags_add(&d, TZ_SEV_ERROR, "b.xml", 3, "third");
	tz_diags_add(&d, TZ_SEV_WARNING, "a.xml", 9, "second");
	tz_diags_add(&d, TZ_SEV_ERROR, "a.xml", 2, "first");
	tz_diags_add(&d, TZ_SEV_ERROR, "a.xml", 9, "second-b");
	tz_diags_sort(&d);
	CHECK(d.errors == 3 && d.warnings == 1);
	CHECK_STR(d.items[0].msg, "first");
	CHECK_STR(d.items[1].msg, "second"); /* stable for equal positions */
	CHECK_STR(d.items[2].msg, "second-b");
	CHECK_STR(d.items[3].file, "b.xml");
	d.max = 4;
	tz_diags_add(&d, TZ_SEV_ERROR, NULL, 0, "over the limit");
	CHECK(d.n == 4 && d.errors == 4); /* counted, not stored */
	tz_diags_release(&d);
}

static void test_atomic_and_confine(void)
{
	char dir[] = "/tmp/tz-unit-XXXXXX";
	char path[256], sub[256], link[256], fifo[256];
	struct tz_error e;
	struct tz_buf b;
	char *canon;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/f.txt", dir);
	tz_error_clear(&e);
	CHECK(tz_write_file_atomic(path, "eerste", 6, &e) == 0);
	CHECK(tz_write_file_atomic(path, "tweede", 6, &e) == 0);
	tz_buf_init(&b, 0);
	CHECK(tz_read_file(path, 100, &b, &e) == 0);
	CHECK_STR(b.data, "tweede");
	tz_buf_reset(&b);
	CHECK(tz_read_file(path, 3, &b, &e) == -1); /* over the limit */
	CHECK(e.code == TZ_ERR_LIMIT);
	/* a named pipe is refused at once, not waited on (it hung `check`) */
	snprintf(fifo, sizeof(fifo), "%s/pipe.xml", dir);
	CHECK(mkfifo(fifo, 0600) == 0);
	alarm(10); /* a regression hangs: let SIGALRM fail the test */
	CHECK(tz_read_file(fifo, 100, &b, &e) == -1);
	alarm(0);
	CHECK(strstr(e.msg, "not a regular file") != NULL);
	unlink(fifo);
	/* the temporary name of an atomic write is never followed as a link */
	snprintf(fifo, sizeof(fifo), "%s/g.txt.tmp.%ld", dir, (long)getpid());
	snprintf(sub, sizeof(sub), "%s/elsewhere", dir);
	CHECK(symlink(sub, fifo) == 0);
	snprintf(sub, sizeof(sub), "%s/g.txt", dir);
	CHECK(tz_write_file_atomic(sub, "x", 1, &e) == -1);
	snprintf(sub, sizeof(sub), "%s/elsewhere", dir);
	CHECK(access(sub, F_OK) != 0);
	unlink(fifo);
	tz_buf_release(&b);

	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	CHECK(tz_mkdirs(sub, &e) == 0);
	canon = tz_path_confined(dir, dir, "f.txt", &e);
	CHECK(canon != NULL);
	free(canon);
	canon = tz_path_confined(dir, dir, "../../etc/passwd", &e);
	CHECK(canon == NULL && strstr(e.msg, "outside") != NULL);
	canon = tz_path_confined(dir, dir, "/etc/passwd", &e);
	CHECK(canon == NULL);
	snprintf(link, sizeof(link), "%s/evil", dir);
	CHECK(symlink("/etc/passwd", link) == 0);
	canon = tz_path_confined(dir, dir, "evil", &e);
	CHECK(canon == NULL && strstr(e.msg, "link") != NULL);
	canon = tz_path_confined(dir, dir, "a/../f.txt", &e);
	CHECK(canon != NULL);
	free(canon);
	CHECK(tz_path_is_inside("/a/b", "/a/b/c"));
	CHECK(!tz_path_is_inside("/a/b", "/a/bc"));
	unlink(link);
	unlink(path);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/a", dir);
	rmdir(sub);
	rmdir(dir);
}

/* The same bytes are not written again (no rename: the inode stays);
 * other bytes, of the same length or not, are; a link is replaced by a
 * file, never written through or kept. */
static void test_write_if_changed(void)
{
	char dir[] = "/tmp/tz-unit-XXXXXX";
	char path[256], other[256];
	struct tz_error e;
	struct tz_buf b;
	struct stat st1, st2;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/index.html", dir);
	snprintf(other, sizeof(other), "%s/other.html", dir);
	tz_error_clear(&e);
	tz_buf_init(&b, 0);
	CHECK(tz_write_file_if_changed(path, "<p>een</p>", 10, &e) == 0); /* new */
	CHECK(stat(path, &st1) == 0);
	CHECK(tz_write_file_if_changed(path, "<p>een</p>", 10, &e) == 0);
	CHECK(stat(path, &st2) == 0);
	CHECK(st1.st_ino == st2.st_ino); /* left alone */
	CHECK(tz_write_file_if_changed(path, "<p>twee</p>", 11, &e) == 0);
	CHECK(tz_read_file(path, 100, &b, &e) == 0);
	CHECK_STR(b.data, "<p>twee</p>");
	tz_buf_reset(&b);
	CHECK(tz_write_file_if_changed(path, "<p>drie</p>", 11, &e) == 0); /* same length */
	CHECK(tz_read_file(path, 100, &b, &e) == 0);
	CHECK_STR(b.data, "<p>drie</p>");
	CHECK(tz_write_file_if_changed(path, "", 0, &e) == 0);
	CHECK(stat(path, &st1) == 0 && st1.st_size == 0);
	/* a link to a file with the very bytes: replaced by a file of its own */
	CHECK(tz_write_file_atomic(other, "zelfde", 6, &e) == 0);
	unlink(path);
	CHECK(symlink(other, path) == 0);
	CHECK(tz_write_file_if_changed(path, "zelfde", 6, &e) == 0);
	CHECK(lstat(path, &st1) == 0 && S_ISREG(st1.st_mode));
	tz_buf_release(&b);
	unlink(path);
	unlink(other);
	rmdir(dir);
}

int main(void)
{
	test_buf();
	test_errors();
	test_atomic_and_confine();
	test_write_if_changed();
	return tap_done();
}
