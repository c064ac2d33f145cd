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
	 "is printed as file:line: message, with what to do. An issue that is not\n"
	 "ready is refused too: a story with status=\"concept\", any NOG INVULLEN\n"
	 "left by 'new' or 'story new', a cover picture under 200 ppi. The cover\n"
	 "is measured; story pictures only with --print.\n"
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
	 "\n"
	 "Reads every unread message: delivery reports (RFC 3464; 5.x.x: bounced,\n"
	 "4.x.x: a soft bounce, N (default 3) in a row: bounced), complaints (ARF,\n"
	 "RFC 5965: complained) and replies to the unsubscribe address (unsubscribed).\n"
	 "A report must carry a valid token (VERP, List-Unsubscribe or subject).\n"
	 "Handled messages are marked seen; anything else is left unread and listed.\n"
	 "IMAP credentials: TECHZINE_IMAP_USER/TECHZINE_IMAP_PASSWORD or ~/.netrc.\n"
	 "Exit: 0 done, 2 usage or no token secret, 3 mailbox or folder failure.\n"},
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
	 "usage: techzine new YYYY-MM [--from DRAFT.xml ...] [--all-drafts] [--issues DIR] [--inbox DIR]\n"
	 "\n"
	 "Creates DIR/YYYY-MM/issue.xml (DIR defaults to issues). Drafts are\n"
	 "taken only when named with --from (or every .xml in DIR/inbox with\n"
	 "--all-drafts): they are moved into stories/ and their images into\n"
	 "images/, in sections by story kind. Without drafts the issue starts\n"
	 "with one story to fill in (stories/nieuw-verhaal.xml). Number, title,\n"
	 "layout, mail settings and colophon follow the latest earlier issue; its\n"
	 "cover is copied as a placeholder. Placeholders say NOG INVULLEN and\n"
	 "'techzine check' reports them until they are replaced. An existing\n"
	 "folder is never touched, and on any failure nothing is moved.\n"
	 "\n"
	 "Exit: 0 created, 1 refused (see the messages), 2 usage, 3 I/O.\n"},
	{"story", cmd_story, "write a new story to fill in (a skeleton)",
	 "usage: techzine story new NAME [--kind KIND] [--lang nl|en] [--inbox DIR]\n"
	 "\n"
	 "Writes DIR/NAME.xml (DIR defaults to issues/inbox): a story with every\n"
	 "element explained and NOG INVULLEN where you write, as a draft\n"
	 "(status=\"concept\"). 'techzine check' lists what is still to fill in;\n"
	 "set status=\"klaar\" when the story is done. Pictures go in DIR/images/.\n"
	 "\n"
	 "  --kind KIND   news (default), parel, interview, column, event, figures\n"
	 "  --lang LANG   nl (default) or en\n"
	 "\n"
	 "Exit: 0 written, 1 the story exists, 2 usage, 3 I/O.\n"},
	{"secret", cmd_secret, "create the token secret for unsubscribe links (once)",
	 "usage: techzine secret init [--file PATH]\n"
	 "       techzine secret path\n"
	 "\n"
	 "Unsubscribe links carry a token made with the office's secret; it must\n"
	 "stay the same from send to send. 'secret init' creates it once: 32\n"
	 "random bytes in ~/.config/techzine/token-secret (or $XDG_CONFIG_HOME/\n"
	 "techzine/token-secret, or PATH), mode 0600, never replacing one. send,\n"
	 "bounces and the unsubscribe server read it from there when\n"
	 "TECHZINE_TOKEN_SECRET is not set; TECHZINE_TOKEN_SECRET_FILE names\n"
	 "another file. 'secret path' prints where it is read from.\n"
	 "\n"
	 "Exit: 0 created, 1 it exists already, 2 usage, 3 I/O.\n"},
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
