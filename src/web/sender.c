/*
 * sender.c - one source for the organisation's postal address: the
 * e-mail footer (required by law in a newsletter) shows the colophon's
 * <address>, the same one the magazine prints, after the organisation's
 * name from the theme's <sender> (the part before its first comma). An
 * address edited in issue.xml is then right in both editions.
 */
#include "theme.h"

#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "../util/banned.h"

int tz_theme_sender_from_colophon(const struct tz_issue *issue, struct tz_theme *th,
				  struct tz_error *err)
{
	const char *addr = issue->colophon.address, *comma;
	struct tz_buf b;
	size_t name_len;

	if (!addr || !addr[0] || !th->sender)
		return 0;
	comma = strchr(th->sender, ',');
	name_len = comma ? (size_t)(comma - th->sender) : strlen(th->sender);
	tz_buf_init(&b, 4096);
	if (tz_buf_add(&b, th->sender, name_len) || tz_buf_adds(&b, ", ") || tz_buf_adds(&b, addr)) {
		tz_buf_release(&b);
		return tz_error_nomem(err);
	}
	free(th->sender);
	th->sender = tz_buf_detach(&b, NULL);
	return th->sender ? 0 : tz_error_nomem(err);
}
