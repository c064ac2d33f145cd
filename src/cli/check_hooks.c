/*
 * check_hooks.c - extra checks that `techzine check` runs after the model
 * checks: the newsletter size limit (web) and, with --print, the print
 * preflight (print). Each renderer module contributes one hook here, so
 * cmd_check.c never needs to know about PDF or HTML.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../print/frames.h"
#include "../print/pdf.h"
#include "../web/edition.h"
#include "../util/banned.h"

int tz_check_extra(struct tz_issue *issue, int print, int quiet, struct tz_diags *diags,
		   struct tz_error *err)
{
	struct tz_pdf_options o;
	struct tz_pdf_report rep;
	char cache[4096];

	tz_edition_check_size(issue, diags);
	if (!print) {
		/* the cover's frame is known without a layout run; story
		 * pictures get their size from the page, so only the full
		 * layout can measure them */
		if (tz_print_check_cover(issue, diags, err) < 0)
			return -1;
		if (!quiet)
			tz_diags_add(diags, TZ_SEV_NOTE, issue->path, 0,
				     "story pictures were not measured on the page; 'techzine check --print %s' does that (and 'techzine pdf' refuses pictures under 200 ppi)",
				     issue->path);
		return 0;
	}
	/* the preflight is a full layout that writes no PDF; it uses the
	 * image cache of `techzine pdf` when there is one */
	memset(&o, 0, sizeof(o));
	if (issue->slug && snprintf(cache, sizeof(cache), "out/%s/.cache/images", issue->slug) <
				   (int)sizeof(cache) &&
	    access(cache, W_OK) == 0)
		o.cache_dir = cache;
	if (tz_pdf_render(issue, &o, &rep, diags, err) < 0)
		return -1;
	if (!quiet)
		tz_print_preflight(stdout, &rep);
	tz_pdf_report_release(&rep);
	return 0;
}
