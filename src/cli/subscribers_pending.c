/*
 * subscribers_pending.c - `techzine subscribers pending LIST`: what the
 * list server's sign-up journal (src/listserver/journal.h) says about the
 * folder of LIST: each sign-up still awaiting confirmation (its keyed tag,
 * when the mail went out, when the link expires) and, over the last 30
 * days, how many confirmation mails led to a confirmed subscription.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli.h"
#include "subscribers_cli.h"
#include "../list/store.h"
#include "../listserver/journal.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

int tz_subscribers_pending(const char *list)
{
	struct ls_pending_stats st;
	struct tz_error err;
	char *path = tz_store_list_path(list), *dir = path ? tz_dirname(path) : NULL;
	const char *now_env = getenv("TECHZINE_NOW");
	long long now = now_env ? strtoll(now_env, NULL, 10) : (long long)time(NULL);
	int rc;
	tz_error_clear(&err);
	if (!dir) {
		free(path);
		tz_error_nomem(&err);
		return tz_report(&err);
	}
	printf("# tag\tmailed (unix time)\texpires\n");
	rc = ls_journal_pending(dir, now, 30, stdout, &st, &err);
	free(dir);
	free(path);
	if (rc)
		return tz_report(&err);
	printf("# last 30 days: %zu confirmation mails to distinct addresses, %zu confirmed "
	       "(%.0f%%), %zu pending, %zu expired\n",
	       st.mailed, st.confirmed, st.mailed ? 100.0 * (double)st.confirmed / (double)st.mailed : 0.0,
	       st.pending, st.expired);
	if (tz_close_stream(stdout, "stdout", &err))
		return tz_report(&err);
	return 0;
}
