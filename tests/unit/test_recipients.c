/*
 * test_recipients.c - the sender's view of a list (src/mail/recipients.c):
 * who is in the send, rows read again from the file with their tokens, the
 * suppression file looked at again during a send (an unsubscribe sticks,
 * a vanished file un-suppresses nobody), an in-place edit noticed, a list
 * with errors refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mail/journal.h"
#include "mail/recipients.h"
#include "tap.h"

static int put(const char *path, const char *text)
{
	char tmp[512];
	FILE *f;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (!(f = fopen(tmp, "w")))
		return -1;
	fputs(text, f);
	fclose(f);
	return rename(tmp, path); /* as every techzine write: a new file */
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

int main(void)
{
	char dir[] = "/tmp/tz-recipients-XXXXXX", list[256], supp[256];
	struct tz_recipients r;
	struct tz_error err;
	const struct tz_recipient *x;
	char tok[64];

	if (!mkdtemp(dir))
		return 1;
	snprintf(list, sizeof list, "%s/leden.csv", dir);
	snprintf(supp, sizeof supp, "%s/suppressed.csv", dir);
	setenv("TECHZINE_TOKEN_SECRET", "test-secret-0123456789abcdef", 1);
	CHECK(put(list, "# leden\n"
			"email,name,language,status\n"
			"anna@example.nl,\"Anna, de Vries\",nl,active\n"
			"bram@example.nl,Bram,en,active\n"
			"cees@example.nl,Cees,,unsubscribed\n"
			"dirk@example.nl,Dirk,nl,active\n"
			"eva@example.nl,Eva,nl,bounced\n") == 0);
	CHECK(put(supp, "address,reason,date,source\ndirk@example.nl,complaint,2026-11-01,arf\n") == 0);

	tz_error_clear(&err);
	CHECK(tz_recipients_load_where(list, NULL, 0, "nl", &r, &err) == 0);
	CHECK(r.n == 2 && r.unsubscribed == 1 && r.bounced == 1 && r.suppressed == 1);
	CHECK(r.other_lang == 1); /* Bram reads English */
	{
		/* the journal's set hash, worked out by the scan */
		char *set[] = {"anna@example.nl", "bram@example.nl"};
		CHECK(r.set_hash == tz_journal_set_hash(set, 2));
	}
	x = tz_recipients_get(&r, 0, &err);
	CHECK(x && strcmp(x->email, "anna@example.nl") == 0 && x->name &&
	      strcmp(x->name, "Anna, de Vries") == 0 && strcmp(x->lang, "nl") == 0);
	CHECK(tz_recipients_token("anna@example.nl", tok, sizeof tok, &err) == 0);
	CHECK(x && strcmp(x->token, tok) == 0);
	x = tz_recipients_get(&r, 1, &err);
	CHECK(x && strcmp(x->email, "bram@example.nl") == 0 && strcmp(x->lang, "en") == 0);
	CHECK(tz_recipients_get(&r, 2, &err) == NULL);

	/* Bram unsubscribes while the send runs: seen within 250 ms */
	CHECK(tz_recipients_suppressed_now(&r, "bram@example.nl", &err) == 0);
	CHECK(put(supp, "address,reason,date,source\ndirk@example.nl,complaint,2026-11-01,arf\n"
			"bram@example.nl,unsubscribed,2026-12-01,one-click\n") == 0);
	pause_ms(300);
	CHECK(tz_recipients_suppressed_now(&r, "bram@example.nl", &err) == 1);
	CHECK(tz_recipients_suppressed_now(&r, "anna@example.nl", &err) == 0);
	/* the file gone: nobody is un-suppressed in the middle of a send */
	CHECK(unlink(supp) == 0);
	pause_ms(300);
	CHECK(tz_recipients_suppressed_now(&r, "bram@example.nl", &err) == 1);

	/* the list replaced by a new file: the send keeps the old one */
	CHECK(put(list, "email,name,language,status\nzoe@example.nl,Zoe,nl,active\n") == 0);
	x = tz_recipients_get(&r, 0, &err);
	CHECK(x && strcmp(x->email, "anna@example.nl") == 0);
	tz_recipients_release(&r);

	/* edited in place (same file, other bytes): noticed, not sent */
	CHECK(put(list, "email,name,language,status\nanna@example.nl,Anna,nl,active\n"
			"bram@example.nl,Bram,nl,active\n") == 0);
	CHECK(tz_recipients_load(list, &r, &err) == 0 && r.n == 2);
	{
		FILE *f = fopen(list, "r+");
		CHECK(f != NULL);
		if (f) {
			fseek(f, (long)strlen("email,name,language,status\nanna@example.nl,Anna,nl,active\n"),
			      SEEK_SET);
			fputs("brem", f);
			fclose(f);
		}
	}
	tz_error_clear(&err);
	CHECK(tz_recipients_get(&r, 1, &err) == NULL);
	CHECK(strstr(err.msg, "was edited in place") != NULL);
	tz_recipients_release(&r);

	/* a list with an error is refused, with its line */
	CHECK(put(list, "email,name,status\nanna@example.nl,Anna,active\nnope,B,active\n") == 0);
	tz_error_clear(&err);
	CHECK(tz_recipients_load(list, &r, &err) != 0);
	CHECK(err.line == 3 && strstr(err.msg, "nothing was sent") != NULL);
	tz_recipients_release(&r);

	unlink(list);
	rmdir(dir);
	return tap_done();
}
