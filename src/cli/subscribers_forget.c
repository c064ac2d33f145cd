/*
 * subscribers_forget.c - `techzine subscribers forget EMAIL`: an erasure
 * request, carried out in every list of the folder, the suppression file,
 * the send journals and the outboxes (src/list/forget.h says what stays).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "subscribers_cli.h"
#include "../list/address.h"
#include "../list/folder.h"
#include "../list/forget.h"
#include "../list/token.h"
#include "../util/banned.h"

int tz_subscribers_forget(const char *email, const char *dir, const char *out)
{
	struct tz_folder f;
	struct tz_forget_report r;
	struct tz_error err;
	char addr[TZ_ADDRESS_MAX], tag[TZ_TAG_SIZE];
	const char *why;
	int rc;

	tz_error_clear(&err);
	memset(&r, 0, sizeof r);
	if (tz_address_normalise(email, addr, &why)) {
		tz_error_set(&err, TZ_ERR_CONTENT, NULL, 0, "invalid address '%s': %s", email, why);
		return tz_report(&err);
	}
	if (tz_folder_open(&f, dir ? dir : "subscribers", NULL, &err)) {
		tz_folder_release(&f);
		return tz_report(&err);
	}
	for (size_t i = 0; i < f.nlists; i++) {
		size_t before = r.rows;
		/* every row, not just the indexed one: hand edits can leave case variants */
		for (size_t k = 0; k < f.lists[i].n; k++) {
			struct tz_sub *s = &f.lists[i].rows[k];
			if (!s->gone && strcasecmp(tz_sub_get(&f.lists[i], s, TZ_F_EMAIL), addr) == 0) {
				tz_list_remove(&f.lists[i], s);
				r.rows++;
			}
		}
		if (r.rows == before)
			continue;
		tz_folder_mark(&f, i);
		r.lists++;
	}
	rc = tz_suppression_hash_only(&f.supp, addr);
	if (rc < 0 || tz_suppression_add(&f.supp, addr, "forgotten", "erasure request")) {
		tz_folder_release(&f);
		tz_error_nomem(&err);
		return tz_report(&err);
	}
	r.suppression_hashed = rc;
	/* outputs first: a running send refuses the change before any list is touched */
	if (tz_forget_outputs(out ? out : "out", addr, &r, &err) || tz_folder_commit(&f, &err)) {
		tz_folder_release(&f);
		return tz_report(&err);
	}
	tz_folder_release(&f);
	tz_address_tag(addr, tag);
	printf("forgot %s: %zu rows in %zu lists removed; suppression keeps only the hash "
	       "sha256:%s...; %zu journals rewritten (%zu mentions hashed); %zu outbox messages "
	       "deleted\n",
	       addr, r.rows, r.lists, tag, r.journals, r.journal_lines, r.messages);
	return 0;
}
