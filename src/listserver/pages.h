/*
 * pages.h - the list server's page templates (tpl.h) and the helpers
 * that put a page into a reply. Every page is Dutch with English beside
 * it: a reader who arrives from a link has not told us a language yet.
 */
#ifndef LS_PAGES_H
#define LS_PAGES_H

#include "server.h"
#include "tpl.h"

extern const char ls_tpl_layout[];
extern const char ls_tpl_message[];
extern const char ls_tpl_unsub_ask[];
extern const char ls_tpl_form[];
extern const char ls_tpl_confirm_ask[];
extern const char ls_tpl_prefs[];
extern const char ls_tpl_option[];
extern const char ls_tpl_checkbox[];

/* Render tpl with vars into the layout as rp's body; code and what set.
 * A template error becomes a 500 (and a unit test makes sure there is none). */
void ls_page(struct ls_reply *rp, unsigned code, const char *what, const char *tpl,
	     const struct ls_var *vars, size_t n);
/* A page with one message in Dutch and English. */
void ls_page_message(struct ls_reply *rp, unsigned code, const char *what, const char *nl,
		     const char *en);
/* <option>s of the choices (selected: the value to preselect, may be NULL). */
int ls_options(struct tz_buf *out, const struct ls_choices *cs, const char *selected);
/* Checkboxes named "interests", checked where in the ';'-list selected. */
int ls_checkboxes(struct tz_buf *out, const struct ls_choices *cs, const char *selected);
/* The default page for rp->code (error pages get headers like any page). */
void ls_page_status(struct ls_reply *rp);

#endif
