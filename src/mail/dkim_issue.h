/*
 * dkim_issue.h - which DKIM signers a send uses (options or the issue).
 */
#ifndef TZ_DKIM_ISSUE_H
#define TZ_DKIM_ISSUE_H

#include "dkim.h"
#include "../model/model.h"

/* With any of domain/selector/key (all three needed) one signer from them;
 * otherwise one per <dkim> of the issue (none: the messages go unsigned). */
int tz_dkim_setup(struct tz_dkim *d, const struct tz_issue *issue, const char *domain,
		  const char *selector, const char *key, struct tz_error *err);

#endif
