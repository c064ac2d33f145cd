/*
 * load.h - build the issue model from issue.xml (with XIncluded stories).
 *
 * tz_issue_load parses securely (xmlsafe.h), validates against
 * schema/issue.rng, builds the model and runs the content checks (images,
 * links, text, ids). Every problem becomes a diagnostic with file:line; the
 * issue is returned only when there are no errors (warnings are allowed).
 */
#ifndef TZ_LOAD_H
#define TZ_LOAD_H

#include "model.h"
#include "../util/error.h"

/* The folder holding schema/ and layouts/: util/datadir.h. */
#include "../util/datadir.h"

/* Load path; NULL when diags has errors (or on I/O failure, reported there
 * too). The caller frees the issue with tz_issue_free. */
struct tz_issue *tz_issue_load(const char *path, struct tz_diags *diags);

/* Pure checks, exposed for unit tests. */
/* Is url acceptable as a link (absolute http/https with a host, or mailto;
 * valid UTF-8 without spaces, controls, non-characters or bidi controls)? */
int tz_link_ok(const char *url);

#endif
