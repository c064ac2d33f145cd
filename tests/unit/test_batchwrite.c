/*
 * test_batchwrite.c - the batch writer of `techzine import`
 * (util/batchwrite.h): every file in place with its bytes, no temporary
 * file left, a file that already holds the bytes left alone (same inode,
 * same mtime), and a failure before the renames touching no target.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util/batchwrite.h"
#include "util/buf.h"
#include "util/fsutil.h"

static char dir[] = "/tmp/tz-batch-XXXXXX";

static char *path(const char *name)
{
	static char p[4][256];
	static int k;
	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", dir, name);
	return p[k];
}

static int holds(const char *p, const char *want)
{
	struct tz_buf b;
	struct tz_error err;
	int same;

	tz_buf_init(&b, 4096);
	same = tz_read_file(p, 4096, &b, &err) == 0 && b.len == strlen(want) &&
	       !memcmp(b.data, want, b.len);
	tz_buf_release(&b);
	return same;
}

/* Files in dir whose name holds ".tmp." (left-over temporaries). */
static int temporaries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	struct tz_batch b;
	struct tz_error err;
	struct stat before, after;
	char *a, *c;

	if (!mkdtemp(dir))
		return 1;
	a = path("a.jpg");
	c = path("story.xml");

	/* two new files */
	tz_batch_init(&b);
	CHECK(tz_batch_add(&b, a, "AAAA", 4, &err) == 0);
	CHECK(tz_batch_add(&b, c, "<story/>", 8, &err) == 0);
	CHECK(tz_batch_commit(&b, &err) == 0);
	CHECK(tz_batch_unchanged(&b) == 0);
	tz_batch_release(&b);
	CHECK(holds(a, "AAAA") && holds(c, "<story/>"));
	CHECK(temporaries() == 0);

	/* again: the photo is the same and stays untouched; the story changed */
	CHECK(stat(a, &before) == 0);
	tz_batch_init(&b);
	CHECK(tz_batch_add(&b, a, "AAAA", 4, &err) == 0);
	CHECK(tz_batch_add(&b, c, "<story>2</story>", 16, &err) == 0);
	CHECK(tz_batch_commit(&b, &err) == 0);
	CHECK(tz_batch_unchanged(&b) == 1);
	tz_batch_release(&b);
	CHECK(stat(a, &after) == 0 && after.st_ino == before.st_ino);
	CHECK(holds(c, "<story>2</story>"));
	/* same size, other bytes: rewritten */
	tz_batch_init(&b);
	CHECK(tz_batch_add(&b, a, "AAAB", 4, &err) == 0);
	CHECK(tz_batch_commit(&b, &err) == 0 && tz_batch_unchanged(&b) == 0);
	tz_batch_release(&b);
	CHECK(holds(a, "AAAB"));

	/* the second file cannot be written (no such folder): nothing changes,
	 * no temporary file stays, the error names the file */
	tz_batch_init(&b);
	CHECK(tz_batch_add(&b, a, "CCCC", 4, &err) == 0);
	CHECK(tz_batch_add(&b, path("missing/story.xml"), "x", 1, &err) == 0);
	CHECK(tz_batch_commit(&b, &err) == -1);
	CHECK(strstr(err.msg, "missing/story.xml") != NULL);
	tz_batch_release(&b);
	CHECK(holds(a, "AAAB"));
	CHECK(temporaries() == 0);

	/* undo removes what the batch put in place */
	tz_batch_init(&b);
	CHECK(tz_batch_add(&b, path("b.png"), "PNG", 3, &err) == 0);
	CHECK(tz_batch_commit(&b, &err) == 0);
	tz_batch_undo(&b);
	tz_batch_release(&b);
	CHECK(access(path("b.png"), F_OK) != 0);

	unlink(a);
	unlink(c);
	rmdir(dir);
	return tap_done();
}
