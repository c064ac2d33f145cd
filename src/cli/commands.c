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
	 "usage: techzine pdf ISSUE.xml [-o FILE] [--layout FILE] [--marks] [--no-bleed]\n"
	 "\n"
	 "Lays the issue out as a magazine (layouts/<layout>.xml) and writes a\n"
	 "PDF/X-1a:2001 file for the printer: 3 mm bleed, TrimBox/BleedBox, CMYK\n"
	 "images at 300 ppi, embedded font subsets, pages a multiple of four.\n"
	 "Errors (overset text, a missing glyph, an image under 200 ppi, ink over\n"
	 "the limit) are printed as file:line and nothing is written.\n"
	 "\n"
	 "  -o FILE         output (default out/<issue>/techzine-<issue>.pdf)\n"
	 "  --layout FILE   another print layout (e.g. layouts/magazine-a5.xml)\n"
	 "  --marks         crop marks in a slug outside the bleed\n"
	 "  --no-bleed      screen version: RGB, no bleed, clickable links\n"
	 "                  (default out/<issue>/techzine-<issue>-screen.pdf)\n"
	 "\n"
	 "Exit: 0 written, 1 content errors (nothing written), 2 usage, 3 font,\n"
	 "layout or I/O failure. The full preflight: techzine check --print.\n"},
	{"html", cmd_html, "render the newsletter (HTML, text) and web edition",
	 "usage: techzine html ISSUE.xml [-o DIR] [--base-url URL] [--lang nl|en]\n"
	 "\n"
	 "Writes DIR/newsletter.html (the e-mail, preview values in the merge\n"
	 "fields), DIR/newsletter.txt (the plain-text part) and DIR/web/ (the web\n"
	 "version, one page per story, images copied). DIR defaults to\n"
	 "out/<issue>/.\n"
	 "\n"
	 "  --base-url URL  public address of web/ (default the issue's mail base-url)\n"
	 "  --lang nl|en    the edition's language (English variants where present)\n"
	 "\n"
	 "Exit: 0 ok, 1 content errors or over 100 KB, 2 usage, 3 I/O.\n"},
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
	 "       [--dry-run] [--resume] [--force-resend]\n"
	 "\n"
	 "Without --smtp, messages go into the Maildir DIR (default out/<issue>/outbox).\n"
	 "  --smtp URL          smtp://host:587 (STARTTLS required) or smtps://host:465;\n"
	 "                      credentials from TECHZINE_SMTP_USER/TECHZINE_SMTP_PASSWORD\n"
	 "                      or ~/.netrc\n"
	 "  --connections N     parallel connections (default 4)\n"
	 "  --per-connection N  messages per connection before reconnecting (default 100)\n"
	 "  --rate R            at most R messages: 20/s, 300/m, 5000/h (default unlimited)\n"
	 "  --retry-for D       keep retrying 4xx and dropped connections (default 6h)\n"
	 "  --retry-base D      first retry delay, doubled each time (default 30s)\n"
	 "  --test ADDR         one copy to ADDR with [TEST] in the subject (repeatable)\n"
	 "  --images embed|link images inside each message by Content-ID, or linked to\n"
	 "                      the web version (default link)\n"
	 "  --where KEY=VALUE   only subscribers with municipality=Emmen, interest=onderwijs,\n"
	 "                      language=en ...: different keys AND, repeated key or A,B OR\n"
	 "  --dry-run           counts, and the first message on stdout; sends nothing\n"
	 "  --resume            insist on resuming an interrupted send\n"
	 "  --force-resend      send again although the journal says it is complete\n"
	 "  --from ADDR         sender instead of the issue's mail from\n"
	 "  --journal FILE      journal (default out/<issue>/send-<list>.journal)\n"
	 "  --cacert FILE       trust this CA (a test server's certificate)\n"
	 "  --insecure-no-tls   allow smtp:// without STARTTLS\n"
	 "  --verbose           SMTP protocol trace on stderr\n"
	 "Exit 4 when a recipient was not delivered, 5 when interrupted (resumable).\n"},
	{"subscribers", cmd_subscribers, "manage subscriber lists",
	 "usage: techzine subscribers VERB LIST [...]   (LIST: subscribers/NAME.csv or NAME)\n"
	 "\n"
	 "  add LIST EMAIL --consent-source S [--consent-date D] [--name N]\n"
	 "      [--language nl|en] [--municipality M] [--interests 'a;b'] [--resubscribe]\n"
	 "  remove LIST EMAIL          delete the row (not suppressed)\n"
	 "  unsubscribe LIST EMAIL     unsubscribed in every list of the folder, suppressed\n"
	 "  import LIST FILE.csv [--dry-run] [--consent-date D] [--consent-source S]\n"
	 "      [--delimiter ';']      spreadsheet export: ',' ';' or tab, UTF-8 (BOM or\n"
	 "                             not) or Windows-1252, Dutch or English headers\n"
	 "  export LIST [-o FILE] [--mask] [--status S|all] [--where K=V]...\n"
	 "  list LIST [--mask] [--status S|all] [--where K=V]...\n"
	 "  stats LIST                 counts by status, language, municipality, interest\n"
	 "  validate LIST              every problem as file:line\n"
	 "  forget EMAIL [--dir subscribers] [--out out]\n"
	 "                             erasure: removed from every list, the journals and\n"
	 "                             outboxes keep only a hash; suppressed by hash\n"
	 "\n"
	 "Every change takes the folder's lock and replaces files atomically.\n"
	 "Exit: 0 done, 1 refused or rows rejected (see the report), 2 usage,\n"
	 "3 I/O (the folder is locked for over 60 s, cannot write).\n"},
	{"bounces", cmd_bounces, "process bounces, complaints and unsubscribe replies",
	 "usage: techzine bounces (--maildir DIR | --imap imaps://HOST/MAILBOX) [--dir subscribers]\n"
	 "       [--cacert FILE] [--soft-limit N] [--soft-window DAYS] [--dry-run]\n"
	 "       techzine bounces --explain FILE.eml...\n"
	 "\n"
	 "Reads every unread message: bounces of every common server (RFC 3464,\n"
	 "Exim, qmail, Gmail, Yahoo, Exchange, Amazon SES JSON, ...), complaints\n"
	 "(ARF, Hotmail JMRP, Apple) and replies to the unsubscribe address. Each\n"
	 "failed recipient gets a reason; an address that is bad is bounced, a\n"
	 "temporary failure is a soft bounce (N, default 3, in a row: bounced), the\n"
	 "sender's own problem (DMARC, blocklist, spam, rate) changes nobody and is\n"
	 "reported per receiving domain. A report must carry a valid token (VERP,\n"
	 "List-Unsubscribe or subject). Handled messages are marked seen; anything\n"
	 "else is left unread and listed. --explain shows what a message is\n"
	 "recognised as, without a token and changing nothing (docs/bounces.md).\n"
	 "IMAP credentials: TECHZINE_IMAP_USER/TECHZINE_IMAP_PASSWORD or ~/.netrc.\n"
	 "Exit: 0 done, 4 done but servers refused mail for the sender's own reasons,\n"
	 "2 usage or no token secret, 3 mailbox, file or folder failure.\n"},
	{"unsubscribe-server", cmd_unsubscribe_server, "serve RFC 8058 one-click unsubscribe",
	 "usage: techzine unsubscribe-server --listen 127.0.0.1:8080 [--dir subscribers]\n"
	 "       [--rate N/m]\n"
	 "\n"
	 "POST /u/?e=ADDRESS&t=TOKEN (or /u/TOKEN) with List-Unsubscribe=One-Click\n"
	 "unsubscribes at once; GET shows a confirmation page and changes nothing.\n"
	 "A token that is not the address's HMAC gets 403. --rate: requests per client\n"
	 "and minute (default 20; 429 past it). Runs until SIGINT/SIGTERM (exit 0).\n"},
	{"gather", cmd_gather, "fetch partner feeds into story drafts",
	 "usage: techzine gather [--sources FILE] [--inbox DIR] [--cache FILE] [--timeout S]\n"
	 "\n"
	 "Fetches every feed in the feed list (RSS 2.0 or Atom; default\n"
	 "issues/sources.xml, schema/sources.rng) in parallel and writes one story\n"
	 "draft per new item into the inbox (default issues/inbox/), with its first\n"
	 "image in inbox/images/. Unchanged feeds cost one 304 (ETag and\n"
	 "Last-Modified in the cache, default INBOX/.gather-cache.tsv); items seen\n"
	 "before are skipped. One line per feed: N new items, not modified, or\n"
	 "failed: why.\n"
	 "\n"
	 "  --timeout S   give up on a transfer after S seconds (default 30)\n"
	 "\n"
	 "Exit: 0 every feed fine, 1 some feed failed or the feed list is wrong,\n"
	 "3 the inbox or cache could not be written.\n"},
	{"new", cmd_new, "scaffold a new issue from drafts",
	 "usage: techzine new YYYY-MM [--from DRAFT.xml ...] [--issues DIR] [--inbox DIR]\n"
	 "\n"
	 "Creates DIR/YYYY-MM/issue.xml (DIR defaults to issues) with the drafts\n"
	 "(default: every .xml in DIR/inbox) moved into stories/ and their images\n"
	 "into images/, in sections by story kind. Number, title, layout, mail\n"
	 "settings and colophon follow the latest earlier issue; its cover is\n"
	 "copied as a placeholder. The result is checked before it appears; an\n"
	 "existing folder is never touched, and on any failure nothing is moved.\n"
	 "\n"
	 "Exit: 0 created, 1 refused (see the messages), 2 usage, 3 I/O.\n"},
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
