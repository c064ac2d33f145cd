/*
 * commands.c - the one table of techzine's commands (see commands.h).
 * Usage texts live here so that `techzine help` and the dispatcher agree.
 */
#include "commands.h"

#include <string.h>

#include "../util/banned.h"

const struct tz_command tz_commands[] = {
	{"check", cmd_check, "validate an issue and everything it includes",
	 "usage: techzine check [--print] [--quiet] ISSUE.xml\n"
	 "\n"
	 "Parses ISSUE.xml with its XIncluded stories, validates them against\n"
	 "schema/issue.rng and checks images, links, text and ids. Every problem\n"
	 "is printed as file:line: message.\n"
	 "\n"
	 "  --print   also run the print preflight (fonts, glyphs, overset, ppi)\n"
	 "  --quiet   print only errors\n"},
	{"pdf", cmd_pdf, "lay out the print edition as a PDF",
	 "usage: techzine pdf ISSUE.xml [-o FILE] [--layout FILE] [--marks] [--no-bleed]\n"},
	{"html", cmd_html, "render the newsletter (HTML, text) and web edition",
	 "usage: techzine html ISSUE.xml [-o DIR] [--base-url URL] [--lang nl|en]\n"},
	{"build", cmd_build, "build PDF, HTML and text into out/<issue>/",
	 "usage: techzine build ISSUE.xml [-o DIR] [--list LIST.csv]\n"
	 "\n"
	 "Runs check, pdf, html and, with --list, send into the outbox\n"
	 "(DIR/outbox, a Maildir: no server needed). DIR defaults to out/<issue>/:\n"
	 "  techzine-<issue>.pdf   the print edition\n"
	 "  newsletter.html/.txt   the e-mail edition (preview values in the slots)\n"
	 "  web/                   the web version\n"
	 "  outbox/new/            one message per subscriber\n"},
	{"send", cmd_send, "send the newsletter to a subscriber list",
	 "usage: techzine send ISSUE.xml --list subscribers/NAME.csv [--smtp URL]\n"
	 "       [--outbox DIR] [--connections N] [--rate R] [--test ADDR]...\n"
	 "       [--dry-run] [--resume] [--force-resend]\n"},
	{"subscribers", cmd_subscribers, "manage subscriber lists",
	 "usage: techzine subscribers add|remove|unsubscribe|import|export|list|stats|validate LIST [...]\n"},
	{"bounces", cmd_bounces, "process bounces, complaints and unsubscribe replies",
	 "usage: techzine bounces --maildir DIR --list LIST.csv\n"},
	{"unsubscribe-server", cmd_unsubscribe_server, "serve RFC 8058 one-click unsubscribe",
	 "usage: techzine unsubscribe-server --listen 127.0.0.1:8080 --list LIST.csv\n"},
	{"gather", cmd_gather, "fetch partner feeds into story drafts",
	 "usage: techzine gather [--sources issues/sources.xml]\n"},
	{"new", cmd_new, "scaffold a new issue from drafts",
	 "usage: techzine new YYYY-MM [--from issues/inbox/a.xml ...]\n"},
	{"help", cmd_help, "show help for techzine or one command",
	 "usage: techzine help [COMMAND]\n"},
	{NULL, NULL, NULL, NULL},
};

const struct tz_command *tz_command_find(const char *name)
{
	for (const struct tz_command *c = tz_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}
