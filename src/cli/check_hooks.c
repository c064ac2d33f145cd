/*
 * check_hooks.c - extra checks that `techzine check` runs after the model
 * checks: the newsletter size limit (web) and, with --print, the print
 * preflight (print). Each renderer module contributes one hook here, so
 * cmd_check.c never needs to know about PDF or HTML.
 */
#include "cli.h"
#include "../web/edition.h"
#include "../util/banned.h"

void tz_check_extra(struct tz_issue *issue, int print, struct tz_diags *diags)
{
	tz_edition_check_size(issue, diags);
	(void)print;
	(void)diags;
}
