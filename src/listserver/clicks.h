/*
 * clicks.h - aggregate click counts for /r/ links: per issue, per link,
 * per day; no reader is ever identified.
 *
 * File format (docs/list-server.md, read by the later `techzine report`):
 * "<clicks dir>/<issue>.clicks", UTF-8 text, one line per click:
 *
 *     YYYY-MM-DD TAB URL LF
 *
 * the UTC day and the link's target URL (no tab, CR or LF: the server
 * refuses such links). The count of a link on a day is the number of its
 * lines. Why a line per click and not a counter: each click is one
 * write(2) of under 4 KiB to a file opened with O_APPEND, which the kernel
 * appends whole and in order whatever other threads or processes do, so
 * concurrent clicks are never lost and a kill -9 loses nothing that was
 * answered (the write happens before the 302). No lock, no read-modify-
 * write. A busy newsletter's 10,000 clicks are about 700 KB.
 */
#ifndef LS_CLICKS_H
#define LS_CLICKS_H

#include "../util/error.h"

#define LS_CLICK_URL_MAX 2000

struct ls_clicks;

struct ls_clicks *ls_clicks_new(const char *dir, struct tz_error *err);
void ls_clicks_free(struct ls_clicks *c);
/* Count one click; -1 when it could not be written. */
int ls_clicks_add(struct ls_clicks *c, const char *issue, const char *url, const char *day);

/* Is s an issue name we accept in /r/ (1..40 of [A-Za-z0-9_-])? */
int ls_click_issue_ok(const char *s);
/* The /r/ path and query for issue and url (secret signs them), appended. */
struct tz_buf;
int ls_click_path(const char *secret, const char *issue, const char *url, struct tz_buf *out);
/* Decode the base64url link of a /r/ path into out (size n); -1 when bad. */
int ls_click_decode(const char *b64, char *out, size_t n);

#endif
