/*
 * webform.h - the sign-up form in the web version (`techzine html
 * --list-server subscribers/server.xml`) and the snippet partners paste
 * into their own sites: both frame the server's own /subscribe page, so
 * the form always carries the server's signed fill-in time and honeypot,
 * and the list it joins stays the server's choice. The framing site must
 * be listed in <embed> of the configuration (Content-Security-Policy
 * frame-ancestors), or browsers refuse to show it.
 */
#ifndef LS_WEBFORM_H
#define LS_WEBFORM_H

#include "config.h"
#include "../util/buf.h"
#include "../util/error.h"

/* The snippet for source src ("web", a partner's id), appended to out. */
int ls_webform_snippet(const struct ls_config *c, const char *src, struct tz_buf *out);
/* Put the form into webdir/index.html (before </body>) and write
 * webdir/aanmelden.html; both replaced atomically. */
int ls_webform_write(const struct ls_config *c, const char *webdir, struct tz_error *err);

#endif
