/*
 * clicks.c - the list server's aggregate click counts for one issue
 * (docs/list-server.md: <subscribers>/clicks/<issue>.clicks, one line per
 * click, "YYYY-MM-DD<TAB>URL"), added up per link, per story and per day.
 * Nothing in the file names a reader, and nothing here could.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "../util/alloc.h"
#include "../util/banned.h"

int tz_rpt_read_clicks(struct tz_campaign *c, const char *path,
		       const struct tz_rpt_kvs *link_stories, struct tz_error *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;
	if (!fp)
		return 0; /* no clicks counted for this issue */
	c->clicks_on = 1;
	while ((len = getline(&line, &cap, fp)) > 0) {
		if (line[len - 1] != '\n' || len > 4096)
			continue; /* a line being written, or not one of ours */
		line[len - 1] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab || tab - line != 10)
			continue;
		*tab = '\0';
		const char *url = tab + 1;
		c->clicks++;
		for (size_t i = 0; i < c->ndays; i++)
			if (!strcmp(c->days[i].date, line)) {
				c->days[i].clicks++;
				break;
			}
		struct tz_rpt_kv *kv = tz_rpt_kvs_find(&c->links, url);
		if (!kv) {
			const struct tz_rpt_kv *st = link_stories ? tz_rpt_kvs_find(link_stories, url) : NULL;
			if (tz_rpt_kvs_add(&c->links, url, 0) ||
			    !(kv = tz_rpt_kvs_find(&c->links, url)) ||
			    !(kv->extra = tz_strdup(st && st->extra ? st->extra : "(other link)"))) {
				rc = tz_error_nomem(err);
				break;
			}
		}
		kv->n++;
		if (tz_rpt_kvs_add(&c->stories, kv->extra, 1)) {
			rc = tz_error_nomem(err);
			break;
		}
	}
	free(line);
	fclose(fp);
	tz_rpt_kvs_sort(&c->links);
	tz_rpt_kvs_sort(&c->stories);
	return rc;
}

/* Clicks of an earlier issue, for the trend: just the count. */
size_t tz_rpt_count_clicks(const char *path)
{
	FILE *fp = fopen(path, "r");
	size_t n = 0;
	int ch, last = '\n';
	if (!fp)
		return 0;
	while ((ch = getc(fp)) != EOF) {
		n += ch == '\n';
		last = ch;
	}
	(void)last;
	fclose(fp);
	return n;
}
