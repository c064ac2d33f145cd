/*
 * test_journal.c - the send journal: records survive reopening, a torn
 * last line is cut, a crash while writing the recipient set starts over,
 * a second opener is locked out, completion is remembered.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail/journal.h"
#include "tap.h"

static void append_raw(const char *path, const char *s)
{
	FILE *fp = fopen(path, "a");
	if (fp) {
		fputs(s, fp);
		fclose(fp);
	}
}

int main(void)
{
	char dir[] = "/tmp/tz-journal-XXXXXX", path[256];
	char *emails[] = {"a@x.example", "b@x.example", "c@x.example", "d@x.example"};
	struct tz_journal j, j2;
	struct tz_error err;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/send-demo.journal", dir);

	CHECK(tz_journal_open(&j, path, &err) == 0);
	CHECK(!j.has_header);
	CHECK(tz_journal_begin(&j, "2026-12", emails, 4, &err) == 0);
	CHECK(tz_journal_state(&j, "a@x.example") == TZ_J_PENDING);
	CHECK(tz_journal_state(&j, "new@x.example") == TZ_J_NONE);
	/* a second send on the same journal is locked out */
	CHECK(tz_journal_open(&j2, path, &err) == -1);
	CHECK(strstr(err.msg, "locked") != NULL);
	CHECK(tz_journal_sent(&j, "a@x.example", "<1@x>", &err) == 0);
	CHECK(tz_journal_failed(&j, "b@x.example", 550, "5.1.1",
				"no such user\r\nInjected: x", &err) == 0);
	CHECK(tz_journal_close(&j, &err) == 0);

	/* a torn record (killed mid-write) is cut off on reopen */
	append_raw(path, "S c@x.exa");
	CHECK(tz_journal_open(&j, path, &err) == 0);
	CHECK(j.has_header && j.count == 4 && !j.complete);
	CHECK(j.set_hash == tz_journal_set_hash(emails, 4));
	CHECK(tz_journal_state(&j, "a@x.example") == TZ_J_SENT);
	CHECK(tz_journal_state(&j, "b@x.example") == TZ_J_FAILED);
	CHECK(tz_journal_state(&j, "c@x.example") == TZ_J_PENDING);
	CHECK(j.sent == 1 && j.failed == 1);
	CHECK(tz_journal_sent(&j, "c@x.example", "<2@x>", &err) == 0);
	CHECK(tz_journal_sent(&j, "d@x.example", "<3@x>", &err) == 0);
	CHECK(tz_journal_done(&j, &err) == 0);
	CHECK(tz_journal_close(&j, &err) == 0);
	{
		/* the failure text has no line breaks left, so it is one record */
		FILE *fp = fopen(path, "r");
		char line[512];
		int lines = 0, torn = 0;
		while (fp && fgets(line, sizeof line, fp)) {
			lines++;
			if (strncmp(line, "S c@x.exaS", 10) == 0 || strncmp(line, "Injected", 8) == 0)
				torn = 1;
		}
		if (fp)
			fclose(fp);
		CHECK(lines == 1 + 4 + 4 + 1);
		CHECK(!torn);
	}
	CHECK(tz_journal_open(&j, path, &err) == 0);
	CHECK(j.complete && j.sent == 3 && j.failed == 1);
	/* --force-resend keeps the old journal aside and starts empty */
	CHECK(tz_journal_reset(&j, &err) == 0);
	CHECK(!j.complete && !j.has_header);
	CHECK(tz_journal_state(&j, "a@x.example") == TZ_J_NONE);
	CHECK(tz_journal_close(&j, &err) == 0);

	/* crash while the recipient set was being written: start over */
	unlink(path);
	append_raw(path, "H v1 2026-12 4 0000000000000001 1\nR a@x.example\nR b@x.exa");
	CHECK(tz_journal_open(&j, path, &err) == 0);
	CHECK(!j.has_header);
	CHECK(tz_journal_state(&j, "a@x.example") == TZ_J_NONE);
	CHECK(tz_journal_begin(&j, "2026-12", emails, 4, &err) == 0);
	CHECK(tz_journal_close(&j, &err) == 0);
	CHECK(tz_journal_open(&j, path, &err) == 0);
	CHECK(j.has_header && j.count == 4 && tz_journal_state(&j, "d@x.example") == TZ_J_PENDING);
	CHECK(tz_journal_close(&j, &err) == 0);

	/* 20,000 addresses: index grows, hash stable */
	unlink(path);
	{
		static char store[20000][32];
		static char *many[20000];
		for (int i = 0; i < 20000; i++) {
			snprintf(store[i], sizeof store[i], "user%05d@x.example", i);
			many[i] = store[i];
		}
		CHECK(tz_journal_open(&j, path, &err) == 0);
		CHECK(tz_journal_begin(&j, "2026-12", many, 20000, &err) == 0);
		for (int i = 0; i < 20000; i += 2)
			tz_journal_sent(&j, many[i], "<x@y>", &err);
		CHECK(tz_journal_close(&j, &err) == 0);
		CHECK(tz_journal_open(&j, path, &err) == 0);
		CHECK(j.sent == 10000);
		CHECK(tz_journal_state(&j, "user19998@x.example") == TZ_J_SENT);
		CHECK(tz_journal_state(&j, "user19999@x.example") == TZ_J_PENDING);
		CHECK(tz_journal_close(&j, &err) == 0);
		/* read back in 64 KiB pieces: records across the piece borders
		 * and a torn last line (a crash mid-write) */
		{
			FILE *f = fopen(path, "a");
			struct stat st;
			off_t whole;
			int all = 1;
			CHECK(f && stat(path, &st) == 0);
			whole = st.st_size;
			fputs("S user19999@x.exa", f);
			fclose(f);
			CHECK(tz_journal_open(&j, path, &err) == 0);
			CHECK(j.sent == 10000 && j.count == 20000);
			for (int i = 0; i < 20000; i++)
				all &= tz_journal_state(&j, many[i]) == (i % 2 ? TZ_J_PENDING : TZ_J_SENT);
			CHECK(all);
			CHECK(stat(path, &st) == 0 && st.st_size == whole);
			CHECK(tz_journal_close(&j, &err) == 0);
		}
	}
	{
		/* clean up: journal, the kept-aside copy, the folder */
		DIR *d = opendir(dir);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char f[512];
			if (e->d_name[0] == '.')
				continue;
			snprintf(f, sizeof f, "%s/%s", dir, e->d_name);
			unlink(f);
		}
		if (d)
			closedir(d);
		rmdir(dir);
	}
	return tap_done();
}
