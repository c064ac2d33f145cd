/*
 * model.h - the in-memory issue that every renderer consumes.
 *
 * issue -> sections -> stories -> blocks -> inline runs. The model is built
 * from XML by model/load.c and knows nothing of PDF, HTML or mail; renderers
 * never see XML. All strings are valid UTF-8 (NFC), owned by the model, and
 * freed by tz_issue_free(). Whitespace inside text has been collapsed to
 * single spaces (U+00A0 no-break spaces are kept), and leading/trailing
 * space of a block trimmed.
 *
 * Every element remembers where it came from (file and line) so that later
 * stages (preflight, overset, missing glyphs) can point the user at the
 * story file line.
 */
#ifndef TZ_MODEL_H
#define TZ_MODEL_H

#include <stddef.h>

struct tz_src {
	const char *file; /* interned in the issue; do not free */
	long line;
};

/* Inline run: a stretch of text with one style. */
enum tz_style {
	TZ_STYLE_EM = 1,
	TZ_STYLE_STRONG = 2,
	TZ_STYLE_LANG_EN = 4, /* <span lang="en">: English words (hyphenation) */
};

struct tz_run {
	char *text;
	unsigned style; /* TZ_STYLE_* bits */
	char *href;     /* link target or NULL */
};

struct tz_runs {
	struct tz_run *items;
	size_t n, cap;
};

enum tz_image_type { TZ_IMAGE_JPEG, TZ_IMAGE_PNG };

struct tz_image {
	char *src;  /* as written in the story, relative to the issue folder */
	char *path; /* canonical absolute path, inside the issue folder */
	enum tz_image_type type;
	int width, height; /* pixels, read from the file header */
	int components;    /* 1 grey, 3 RGB, 4 CMYK; PNG with alpha: +1 */
	double dpi_x, dpi_y; /* from the file if present, else 0 */
	struct tz_src at;    /* the element that names it, for messages */
};

enum tz_figure_span { TZ_SPAN_COLUMN, TZ_SPAN_PAGE };

struct tz_figure {
	struct tz_image image;
	enum tz_figure_span span;
	char *alt;
	char *caption; /* may be NULL */
	char *credit;  /* may be NULL */
};

struct tz_keyfigure {
	char *label;
	char *value_text; /* as written, e.g. "118000" */
	double value;
	char *unit; /* may be NULL */
	char *note; /* may be NULL */
};

enum tz_block_kind {
	TZ_BLOCK_PARA,
	TZ_BLOCK_SUBHEAD,   /* text in runs (plain) */
	TZ_BLOCK_QUOTE,     /* runs + by */
	TZ_BLOCK_PULLQUOTE, /* runs (plain) + by */
	TZ_BLOCK_FIGURE,
	TZ_BLOCK_FACTBOX,   /* title + children (PARA and LIST) */
	TZ_BLOCK_KEYFIGURES,
	TZ_BLOCK_LIST       /* <ul>/<ol>: items, each maybe with a nested list */
};

struct tz_block {
	enum tz_block_kind kind;
	struct tz_src src;
	struct tz_runs runs;    /* PARA, SUBHEAD, QUOTE, PULLQUOTE */
	char *by;               /* QUOTE, PULLQUOTE attribution, may be NULL */
	char *title;            /* FACTBOX, KEYFIGURES, may be NULL */
	char *source;           /* KEYFIGURES source note, may be NULL */
	struct tz_figure *figure;       /* FIGURE */
	struct tz_block *children;      /* FACTBOX */
	size_t nchildren;
	struct tz_keyfigure *figures;   /* KEYFIGURES */
	size_t nfigures;
	struct tz_runs *items;          /* LIST: the text of each <li> */
	struct tz_block **sublists;     /* LIST: per item, the list nested after
					 * its text or NULL; the array itself is
					 * NULL when no item has one */
	size_t nitems;
	int ordered;                    /* LIST: <ol> */
	long start;                     /* LIST: number of the first item (1) */
};

enum tz_story_kind {
	TZ_KIND_NEWS,
	TZ_KIND_PAREL,
	TZ_KIND_INTERVIEW,
	TZ_KIND_COLUMN,
	TZ_KIND_EVENT,
	TZ_KIND_FIGURES
};

struct tz_company {
	char *name, *website, *sector, *place; /* all but name may be NULL */
	long employees; /* -1 when unknown */
	int founded;    /* 0 when unknown */
	struct tz_src src; /* the <company> element */
};

struct tz_event {
	char *date; /* YYYY-MM-DD */
	char *time; /* may be NULL */
	char *place;
	char *registration; /* URL, may be NULL */
	struct tz_src src; /* the <event> element */
};

/* The language-dependent part of a story: the story itself and each variant. */
struct tz_story_text {
	char *lang; /* "nl" or "en" */
	char *kicker, *headline, *byline, *date; /* all but headline may be NULL */
	struct tz_runs lead;                     /* empty when absent */
	char *municipality;                      /* may be NULL */
	char **tags;
	size_t ntags;
	struct tz_block *blocks;
	size_t nblocks;
	struct tz_src src;
};

struct tz_story {
	char *id;
	enum tz_story_kind kind;
	struct tz_story_text text;  /* the story's own language */
	struct tz_story_text *variants; /* other languages */
	size_t nvariants;
	struct tz_company *company; /* parel; may be NULL */
	struct tz_event *event;     /* event; may be NULL */
	struct tz_section *section; /* back pointer, borrowed */
	struct tz_src src;
	int concept; /* status="concept": a draft that must not be published */
};

struct tz_section {
	char *id, *title, *intro; /* intro may be NULL */
	struct tz_story **stories;
	size_t nstories;
	struct tz_src src;
};

struct tz_colophon {
	char *publisher, *design, *printer, *circulation, *contact, *address, *note;
	char **editors;
	size_t neditors;
};

/* A DKIM signer named in <mail><dkim .../></mail>; key is a path relative
 * to the issue folder unless absolute. */
#define TZ_MAX_DKIM 4
struct tz_dkim_setting {
	char *domain, *selector, *key;
	long line;
};

struct tz_mail_settings {
	char *from, *reply_to, *list_id, *base_url;
	char *unsubscribe_url, *unsubscribe_mailto, *bounce_domain;
	struct tz_dkim_setting dkim[TZ_MAX_DKIM];
	size_t ndkim;
	size_t dkim_over; /* <dkim> elements past TZ_MAX_DKIM (an error) */
	/* track-clicks="yes": the e-mail's links go through the list server's
	 * counting redirect at click_base (NULL: the unsubscribe-url's origin) */
	int track_clicks;
	char *click_base;
};

struct tz_issue {
	char *path;      /* issue.xml as given */
	char *dir;       /* canonical issue folder: every file must be inside */
	char *root;      /* project folder (parent of issues/), for layouts/ */
	char *slug;      /* folder name, e.g. "2026-12" */
	int number;
	char *date;      /* YYYY-MM-DD */
	char *lang;      /* default "nl" */
	char *title, *edition, *subject, *preheader;
	char *print_layout;      /* layout name, default "magazine-a4" */
	char *newsletter_theme;  /* default "newsletter" */
	struct tz_mail_settings mail;
	struct tz_image cover;
	char *cover_alt;
	char **cover_lines;
	size_t ncover_lines;
	struct tz_section *sections;
	size_t nsections;
	struct tz_colophon colophon;
	/* lines of issue.xml's own elements, so that a message about the cover,
	 * the mail settings or the colophon says file:line (0: absent) */
	struct {
		long root, title, edition, subject, preheader, mail, cover, colophon;
	} lines;
	char **files; /* interned file names (tz_src.file points here) */
	size_t nfiles;
};

/* Kind names as in the XML ("news", "parel", ...). */
const char *tz_story_kind_name(enum tz_story_kind k);
/* The text for lang, falling back to the story's own text. */
const struct tz_story_text *tz_story_text_for(const struct tz_story *s,
					      const char *lang);
/* Does any story in the issue have a variant (or own text) in lang? */
int tz_issue_has_lang(const struct tz_issue *issue, const char *lang);
/* Concatenate runs into plain text (malloc'd). */
char *tz_runs_plain(const struct tz_runs *runs);

void tz_issue_free(struct tz_issue *issue);

#endif
