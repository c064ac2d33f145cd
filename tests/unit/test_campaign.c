/*
 * test_campaign.c - the report's pure parts: the read-only journal reader
 * (counts, codes, the sender-side split, a torn last record, several
 * journals of one issue), the address-hash set, counts and rates.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "report/addrmap.h"
#include "report/campaign.h"

static void write_file(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");
	fputs(s, fp);
	fclose(fp);
}

int main(void)
{
	char dir[] = "/tmp/tz-campaign-XXXXXX", p1[64], p2[64], s[32];
	struct tz_rpt_delivery d;
	struct tz_addrmap map = {0};
	struct tz_error err;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(p1, sizeof p1, "%s/a.journal", dir);
	snprintf(p2, sizeof p2, "%s/b.journal", dir);
	write_file(p1, "H v1 2026-12 4 00ff 1000\n"
		       "R a@x.nl\nR b@x.nl\nR c@outlook.com\nR d@x.nl\n"
		       "S a@x.nl 1010 <1@x>\n"
		       "F b@x.nl 1020 550 5.1.1 <b@x.nl>: Recipient address rejected: User unknown\n"
		       "F c@outlook.com 1130 550 5.7.509 Access denied, sending domain does not pass DMARC\n"
		       "D 1200\n"
		       "S d@x.nl 1300 <torn"); /* a record being written: ignored */
	memset(&d, 0, sizeof d);
	CHECK(tz_rpt_read_journal(&d, p1, &map, &err) == 0);
	CHECK(d.recipients == 4 && d.sent == 1 && d.failed == 2 && d.deferred == 1);
	CHECK(d.complete && d.done == 1200 && d.started == 1000);
	CHECK(d.codes.n == 2 && d.sender.n == 1 && d.sender_total == 1);
	CHECK(tz_rpt_kvs_find(&d.sender, "outlook.com") != NULL);
	CHECK(tz_rpt_kvs_find(&d.codes, "550 5.1.1") && tz_rpt_kvs_find(&d.codes, "550 5.7.509"));
	CHECK(d.nminutes == 3 && d.per_minute[0] == 2 && d.per_minute[2] == 1);
	CHECK(tz_addrmap_get(&map, tz_addrmap_hash("A@X.NL", 6)) == 'S');
	CHECK(tz_addrmap_get(&map, tz_addrmap_hash("d@x.nl", 6)) == 'R');
	CHECK(tz_addrmap_get(&map, tz_addrmap_hash("e@x.nl", 6)) == 0);

	/* a second journal of the issue (a segment) that began earlier and
	 * is not complete: the issue is not complete, minutes shift */
	write_file(p2, "H v1 2026-12 1 00ee 900\nR e@x.nl\nS e@x.nl 900 <2@x>\n");
	CHECK(tz_rpt_read_journal(&d, p2, &map, &err) == 0);
	CHECK(d.journals == 2 && !d.complete && d.recipients == 5 && d.started == 900);
	CHECK(d.nminutes == 5 && d.per_minute[0] == 1 && d.per_minute[1] == 0 &&
	      d.per_minute[2] == 2 && d.per_minute[4] == 1);
	tz_rpt_delivery_release(&d);
	tz_addrmap_release(&map);

	CHECK(tz_rpt_read_journal(&d, "/nonexistent/j", NULL, &err) == -1 && err.code == TZ_ERR_IO);

	/* the sender-side split */
	CHECK(tz_rpt_sender_side(550, "5.7.1", "Service unavailable, Client host blocked using Spamhaus"));
	CHECK(tz_rpt_sender_side(550, "5.7.26", "Unauthenticated email is not accepted"));
	CHECK(!tz_rpt_sender_side(550, "5.1.1", "No such user"));
	CHECK(!tz_rpt_sender_side(550, "5.7.1", "Recipient address rejected: User unknown"));
	CHECK(tz_rpt_sender_side(421, "4.7.0", "too many messages, slow down"));

	/* many addresses: the set grows and keeps them */
	for (int i = 0; i < 50000; i++) {
		char a[32];
		snprintf(a, sizeof a, "r%d@x.nl", i);
		tz_addrmap_set(&map, tz_addrmap_hash(a, strlen(a)), (char)(i % 2 ? 'S' : 'F'));
	}
	CHECK(map.used == 50000 && tz_addrmap_get(&map, tz_addrmap_hash("r4999@x.nl", 10)) == 'S');
	tz_addrmap_release(&map);

	tz_rpt_count(s, sizeof s, 3, 1);
	CHECK_STR(s, "< 5");
	tz_rpt_count(s, sizeof s, 0, 1);
	CHECK_STR(s, "0");
	tz_rpt_count(s, sizeof s, 3, 0);
	CHECK_STR(s, "3");
	tz_rpt_rate(s, sizeof s, 1, 8);
	CHECK_STR(s, "12.5 %");
	tz_rpt_rate(s, sizeof s, 1, 0);
	CHECK_STR(s, "–");
	unlink(p1);
	unlink(p2);
	rmdir(dir);
	return tap_done();
}
