/*
 * dkim_issue.c - the signers a send uses: the command line's one signer
 * (--dkim-domain, --dkim-selector, --dkim-key) or else the issue's
 * <mail><dkim domain selector key/></mail> entries, a relative key path taken from the
 * issue folder (like images; the demo keeps its keys in ../../keys/).
 */
#include "dkim_issue.h"

#include <stdlib.h>

#include "../util/fsutil.h"
#include "../util/banned.h"

int tz_dkim_setup(struct tz_dkim *d, const struct tz_issue *issue, const char *domain,
		  const char *selector, const char *key, struct tz_error *err)
{
	if (domain || selector || key) {
		if (!domain || !selector || !key)
			return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
					    "--dkim-domain, --dkim-selector and --dkim-key go together");
		return tz_dkim_add_key(d, domain, selector, key, NULL, 0, err);
	}
	for (size_t i = 0; i < issue->mail.ndkim; i++) {
		const struct tz_dkim_setting *s = &issue->mail.dkim[i];
		char *path;
		int rc;
		if (!s->domain || !s->selector || !s->key)
			return tz_error_set(err, TZ_ERR_CONTENT, issue->path, s->line,
					    "<dkim> needs domain, selector and key");
		path = tz_path_join(issue->dir, s->key);
		if (!path)
			return tz_error_nomem(err);
		rc = tz_dkim_add_key(d, s->domain, s->selector, path, issue->path, s->line, err);
		free(path);
		if (rc)
			return -1;
	}
	return 0;
}
