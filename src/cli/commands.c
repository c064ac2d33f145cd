/*
 * commands.c - the one table of techzine's commands (see commands.h).
 * Usage texts live here so that `techzine help` and the dispatcher agree.
 */
#include "commands.h"

#include <string.h>

#include "../util/banned.h"

/* list-server and its old name unsubscribe-server: one text for both */
#define LIST_SERVER_USAGE \
	"usage: techzine list-server --listen 127.0.0.1:8080 [--config subscribers/server.xml]\n" \
	"       [--dir subscribers] [--trusted-proxy ADDR[/BITS]]... [--rate N/m] [--threads N]\n" \
	"       techzine list-server --config FILE --click-url ISSUE URL\n" \
	"\n" \
	"Serves readers (docs/list-server.md):\n" \
	"  /u/?e=ADDRESS&t=TOKEN   RFC 8058 one-click unsubscribe (POST List-Unsubscribe=One-Click)\n" \
	"  /p/?e=ADDRESS&t=TOKEN   preferences page (changes by POST with a CSRF token)\n" \
	"  /subscribe, /confirm    sign-up form and double opt-in (needs <signup> in --config)\n" \
	"  /r/ISSUE/LINK?s=SIG     counted redirect of a newsletter link (<clicks track=\"yes\">)\n" \
	"GET never changes anything. --trusted-proxy: take the client from X-Forwarded-For\n" \
	"or Forwarded only when the peer is this proxy (repeatable; also in the config).\n" \
	"--rate: requests per client and minute (default 20; 429 past it); a one-click\n" \
	"POST whose token checks out has its own ceiling (signed-per-client, 600/m).\n" \
	"--click-url prints the signed /r/ link of URL for ISSUE. Secret:\n" \
	"TECHZINE_TOKEN_SECRET. Runs until SIGINT/SIGTERM (exit 0).\n" \
	"Exit: 0 stopped, 2 usage or invalid configuration, 3 cannot listen or read.\n"

const struct tz_command tz_commands[] = {
	{"check", cmd_check, "validate an issue and everything it includes",
	 "usage: techzine check [--print] [--mail [--relay HOST]] [--quiet] ISSUE.xml\n"
	 "       techzine check --server subscribers/server.xml\n"
	 "\n"
	 "Parses ISSUE.xml with its XIncluded stories, validates them against\n"
	 "schema/issue.rng and checks images, links, text and ids. Every problem\n"
	 "is printed as file:line: message, with what to do. An issue that is not\n"
	 "ready is refused too: a story with status=\"concept\", any NOG INVULLEN\n"
	 "left by 'new' or 'story new', a cover picture under 200 ppi. The cover\n"
	 "is measured; story pictures only with --print.\n"
	 "\n"
	 "  --print   also run the print preflight (fonts, glyphs, overset, ppi)\n"
	 "  --proof   unfinished parts (placeholders, concept stories) as warnings\n"
	 "  --quiet   print only errors\n"
	 "  --server FILE  check the list server's configuration (schema/server.rng)\n"
	 "  --mail    print the DNS records the sender needs (DKIM TXT per key, SPF for\n"
	 "            the bounce domain, DMARC p=none) and warn when From, DKIM d= and\n"
	 "            the bounce domain are not aligned (docs/dkim.md)\n"
	 "  --relay HOST  the relay that sends, for the SPF record\n"},
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
	 "  --list-server FILE  put the sign-up form of this list server configuration\n"
	 "                  (subscribers/server.xml) into web/index.html and web/aanmelden.html\n"
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
	 "  outbox/new/            one message per subscriber\n"
	 "An issue that is not finished yet (NOG INVULLEN, concept stories, the\n"
	 "placeholder cover) is built with warnings: the PDF and newsletter are\n"
	 "proofs, and the last line says so; check and send refuse it.\n"},
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
	 "  --per-connection N  messages per SMTP session before reconnecting (default 100)\n"
	 "  --rate R            at most R messages: 20/s, 300/m, 5000/h (default unlimited)\n"
	 "  --retry-for D       keep retrying 4xx and dropped connections (default 6h)\n"
	 "  --retry-base D      first retry delay, doubled each time (default 30s)\n"
	 "  --unreachable-for D how long the server may be unreachable before the send\n"
	 "                      stops (default 15m, at most --retry-for)\n"
	 "  --helo NAME         the EHLO name (default this host's FQDN, else [address])\n"
	 "  --envelope-from A   one fixed envelope sender instead of bounce+TOKEN@ (VERP)\n"
	 "  --insecure-no-tls   allow a server without STARTTLS (used when offered)\n"
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
	 "  --verbose           SMTP protocol trace on stderr\n"
	 "  --dkim-domain D --dkim-selector S --dkim-key FILE\n"
	 "                      DKIM-sign with this key instead of the issue's <dkim>\n"
	 "  --no-dkim           send unsigned although the issue names DKIM keys\n"
	 "  --sign-threads N    DKIM-sign ahead on N threads (default: the processors,\n"
	 "                      at most 4; 0 signs each message in the send loop)\n"
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
	 "  pending LIST               sign-ups awaiting confirmation (list server; keyed\n"
	 "                             tags, no addresses) and the form's conversion\n"
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
	{"list-server", cmd_list_server, "serve sign-up, confirmation, preferences, unsubscribe, clicks",
	 LIST_SERVER_USAGE},
	{"unsubscribe-server", cmd_list_server, "old name of list-server",
	 LIST_SERVER_USAGE},
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
	{"preview", cmd_preview, "a live page with the pages, the e-mail and the diagnostics",
	 "usage: techzine preview ISSUE.xml [--listen 127.0.0.1:8090] [--open]\n"
	 "       [--test-to ADDR]... [--smtp URL] [--insecure-no-tls] [--allow-remote]\n"
	 "\n"
	 "Serves a local page that shows the issue as the printer and a subscriber\n"
	 "will see it: every page as an image in spreads (trim, bleed and safe zone\n"
	 "toggles, diagnostics on their page), the e-mail at 600 and 375 px and its\n"
	 "text part in each language with its size against Gmail's 102 KB clip,\n"
	 "subject and preheader as an inbox shows them, every diagnostic with its\n"
	 "source lines, and a test-send button. It rebuilds on every save of the\n"
	 "issue, its stories and images, or a layout (the page updates itself); a\n"
	 "failed build keeps the last good pages and shows the errors. Output goes\n"
	 "to out/<issue>/preview/; nothing under issues/ is written.\n"
	 "\n"
	 "  --listen A:P      address (default 127.0.0.1:8090); a non-loopback address\n"
	 "                    needs --allow-remote, and then the token printed at start\n"
	 "  --open            open the page in the desktop's browser\n"
	 "  --test-to ADDR    where the test-send button sends (repeatable)\n"
	 "  --smtp URL        the relay for the test send (default: the outbox Maildir)\n"
	 "  --insecure-no-tls as for send, for a local test server\n"
	 "  --once            build once, print the timings and exit (benchmarks)\n"
	 "\n"
	 "Runs until Ctrl-C. Exit: 0, 1 (--once: the build had errors), 2 usage,\n"
	 "3 cannot listen or watch.\n"},
	{"report", cmd_report, "what happened to an issue's send, as one page",
	 "usage: techzine report ISSUE [--list LIST] [-o FILE] [--json]\n"
	 "       [--out-dir DIR] [--dir SUBSCRIBERS]\n"
	 "\n"
	 "Reads the send journals of ISSUE (issues/YYYY-MM/issue.xml or YYYY-MM) in\n"
	 "out/<issue>/, the list, subscribers/suppressed.csv, the bounce log\n"
	 "subscribers/events.log and the click counters, and writes\n"
	 "out/<issue>/report.html: delivery (sent, failed by code, deferred,\n"
	 "skipped, messages per minute), what happened since (bounces by reason,\n"
	 "complaints, unsubscribes, sign-ups per day), rates by municipality,\n"
	 "language and interest, clicks per story and link, the trend over the\n"
	 "earlier issues, and warnings worth acting on. A summary is printed.\n"
	 "No address is ever shown; segment counts under 5 show as \"< 5\".\n"
	 "\n"
	 "  --list LIST     only this list's journals (default: every list of the issue)\n"
	 "  -o FILE         write the page (or the JSON) to FILE\n"
	 "  --json          JSON instead of HTML (docs/report.schema.json); on stdout\n"
	 "                  unless -o is given\n"
	 "  --out-dir DIR   where the issues' output folders are (default out)\n"
	 "  --dir DIR       the subscriber folder (default subscribers)\n"
	 "\n"
	 "Exit: 0 written, 1 no send journal for the issue, 2 usage, 3 I/O.\n"},
	{"init", cmd_init, "create a new publication folder",
	 "usage: techzine init DIR [--name NAME] [--lang nl|en] [--list NAME] [--month YYYY-MM]\n"
	 "\n"
	 "Creates the publication folder DIR (new, or empty) with everything the\n"
	 "monthly routine needs, so that `techzine new` and `techzine build` work in\n"
	 "it without the techzine sources:\n"
	 "  issues/YYYY-MM/      the first issue: issue.xml, a placeholder story and cover\n"
	 "  issues/inbox/        where drafts wait for the next issue (one example)\n"
	 "  issues/sources.xml   partner feeds for gather (commented examples)\n"
	 "  layouts/             copies of the default layouts, to customise\n"
	 "  subscribers/         an empty list (header only) and suppressed.csv\n"
	 "  .gitignore           out/ and the secret stay out of git\n"
	 "  README.md            the monthly routine, step by step\n"
	 "  .techzine/token-secret  the unsubscribe token secret (mode 0600), read\n"
	 "                       when TECHZINE_TOKEN_SECRET is not set\n"
	 "\n"
	 "  --name NAME     the publication's name (default TechZine)\n"
	 "  --lang nl|en    the language of the first issue (default nl)\n"
	 "  --list NAME     the first list, subscribers/NAME.csv (default nieuwsbrief)\n"
	 "  --month YYYY-MM the first issue (default this month)\n"
	 "\n"
	 "Nothing is written unless all of it is: the folder appears complete or\n"
	 "not at all. Exit: 0 created, 2 usage or DIR not empty, 3 I/O.\n"},
	{"dkim", cmd_dkim, "make a DKIM signing key and its DNS record",
	 "usage: techzine dkim keygen --domain D --selector S [--type rsa|ed25519]\n"
	 "       [--bits N] [-o FILE]\n"
	 "\n"
	 "Generates a key (RSA 2048 bits by default, or Ed25519, RFC 8463), writes it\n"
	 "as PEM with mode 0600 to FILE (default keys/S.D.pem; an existing file is\n"
	 "never replaced) and prints the TXT record S._domainkey.D to publish.\n"
	 "Name the key in the issue's <mail><dkim domain selector key/></mail> or\n"
	 "with send --dkim-domain/--dkim-selector/--dkim-key. See docs/dkim.md.\n"
	 "Exit: 0 written, 2 usage (or FILE exists), 3 I/O.\n"},
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
	{"import", cmd_import, "turn Word, LibreOffice, Markdown, HTML or text files into story drafts",
	 "usage: techzine import FILE... [-o DIR] [--kind KIND] [--municipality M]\n"
	 "       [--lang nl|en] [--id ID] [--mapping FILE] [--force] [--dry-run]\n"
	 "\n"
	 "Reads .docx (Word), .odt (LibreOffice), .md (Markdown), .html and .txt,\n"
	 "recognised by their contents, and writes one story draft per file into\n"
	 "DIR (default issues/inbox/), named after the headline, with its photos\n"
	 "in DIR/images/. Styles are mapped by layouts/import.xml (Dutch and\n"
	 "English Word names, LibreOffice names); every dropped or changed part is\n"
	 "reported. What is missing (byline, date, municipality, alt text) is left\n"
	 "as a [[invullen: ...]] placeholder that `techzine check` refuses until\n"
	 "filled in. .doc, .rtf, .pages and .pdf: save them as .docx or .odt.\n"
	 "\n"
	 "  -o DIR             where the drafts go (default issues/inbox)\n"
	 "  --kind KIND        news (default), parel, interview, column, event, figures\n"
	 "  --municipality M   Borger-Odoorn, Coevorden, Emmen, Hardenberg, Hoogeveen, Regio\n"
	 "  --lang nl|en       the story's language (default nl)\n"
	 "  --id ID            the story id and file name (one FILE only)\n"
	 "  --mapping FILE     extra style names, read before layouts/import.xml\n"
	 "  --force            replace an existing draft or image\n"
	 "  --dry-run          report only; write nothing\n"
	 "\n"
	 "Exit: 0 every file imported, 1 a file refused (unreadable format, damaged,\n"
	 "too large, or its draft exists), 2 usage, 3 I/O.\n"},
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
