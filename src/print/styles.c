/*
 * styles.c - the magazine's text styles, derived from the layout's type
 * scale (body, leading, headline, kicker, lead, subhead, caption, masthead)
 * so that a layout with other sizes scales every part in proportion.
 *
 * Leading of text that flows in columns is the layout's leading (a multiple
 * of the baseline); styles used only inside boxes and headers may have
 * their own leading, because boxes are rounded up to whole grid lines.
 */
#include "pdfint.h"

#include <string.h>

#include "../util/banned.h"

static struct tz_tstyle make(enum tz_font_role plain, enum tz_font_role em,
			     enum tz_font_role strong, enum tz_font_role both, double size,
			     double leading, const char *colour, enum tz_align align)
{
	struct tz_tstyle s;
	memset(&s, 0, sizeof(s));
	s.role[0] = plain;
	s.role[1] = em;
	s.role[2] = strong;
	s.role[3] = both;
	s.size = size;
	s.leading = leading;
	s.colour = colour;
	s.align = align;
	s.hyphenate = align == TZ_ALIGN_JUSTIFY;
	return s;
}

static struct tz_tstyle sans(enum tz_font_role plain, double size, double leading,
			     const char *colour, enum tz_align align)
{
	enum tz_font_role em = plain == TZ_FONT_SANS_BOLD ? TZ_FONT_SANS_BOLD : TZ_FONT_SANS_ITALIC;
	return make(plain, em, TZ_FONT_SANS_BOLD, TZ_FONT_SANS_BOLD, size, leading, colour, align);
}

void tz_pdf_styles_init(struct tz_pdfctx *x)
{
	const struct tz_print_layout *l = &x->l;
	struct tz_styles *S = &x->S;
	double b = l->baseline, body = l->body;

	S->body = make(TZ_FONT_BODY, TZ_FONT_BODY_ITALIC, TZ_FONT_BODY_BOLD,
		       TZ_FONT_BODY_BOLD_ITALIC, body, l->leading, "text", TZ_ALIGN_JUSTIFY);
	S->body.indent = body;
	S->body_first = S->body;
	S->body_first.indent = 0;
	S->list = S->body_first;
	S->quote = make(TZ_FONT_BODY_ITALIC, TZ_FONT_BODY, TZ_FONT_BODY_BOLD_ITALIC,
			TZ_FONT_BODY_BOLD, body, l->leading, "text", TZ_ALIGN_JUSTIFY);
	S->quote_by = sans(TZ_FONT_SANS, body * 0.84, l->leading, "deep", TZ_ALIGN_LEFT);
	S->subhead = sans(TZ_FONT_SANS_BOLD, l->subhead, l->leading, "deep", TZ_ALIGN_LEFT);

	S->lead = make(TZ_FONT_HEADING_LIGHT, TZ_FONT_SANS_ITALIC, TZ_FONT_SANS_BOLD,
		       TZ_FONT_SANS_BOLD, l->lead, l->lead * 1.4, "text", TZ_ALIGN_LEFT);
	S->lead_feature = S->lead;
	S->lead_feature.size = l->lead * 1.25;
	S->lead_feature.leading = l->lead * 1.25 * 1.36;
	S->headline = make(TZ_FONT_HEADING, TZ_FONT_HEADING, TZ_FONT_HEADING, TZ_FONT_HEADING,
			   l->headline, l->headline * 1.06, "richblack", TZ_ALIGN_LEFT);
	S->headline_feature = S->headline;
	S->headline_feature.size = l->headline * 1.45;
	S->headline_feature.leading = l->headline * 1.45 * 1.0;
	S->kicker = sans(TZ_FONT_SANS_BOLD, l->kicker, l->kicker * 1.4, "accent", TZ_ALIGN_LEFT);
	S->kicker.upper = 1;
	S->kicker.tracking = l->kicker * 0.08;
	S->byline = sans(TZ_FONT_SANS_ITALIC, body * 0.85, b, "deep", TZ_ALIGN_LEFT);

	S->caption = sans(TZ_FONT_SANS, l->caption, l->caption * 1.3, "text", TZ_ALIGN_LEFT);
	S->credit = sans(TZ_FONT_SANS_ITALIC, l->caption * 0.88, l->caption * 1.2, "rule",
			 TZ_ALIGN_LEFT);
	S->pullquote = make(TZ_FONT_HEADING_LIGHT, TZ_FONT_SANS_ITALIC, TZ_FONT_HEADING,
			    TZ_FONT_HEADING, body * 1.65, body * 1.65 * 1.2, "deep", TZ_ALIGN_LEFT);
	S->pq_by = sans(TZ_FONT_SANS_BOLD, l->caption, l->caption * 1.4, "accent", TZ_ALIGN_LEFT);
	S->pq_by.upper = 1;
	S->pq_by.tracking = l->caption * 0.06;
	S->box_title = sans(TZ_FONT_SANS_BOLD, body, b, "deep", TZ_ALIGN_LEFT);
	S->box_body = sans(TZ_FONT_SANS, body * 0.9, body * 1.2, "text", TZ_ALIGN_LEFT);

	S->folio = sans(TZ_FONT_SANS_BOLD, body * 0.85, b, "text", TZ_ALIGN_LEFT);
	S->running = sans(TZ_FONT_SANS, body * 0.75, b, "deep", TZ_ALIGN_LEFT);
	S->running.upper = 1;
	S->running.tracking = body * 0.07;
	S->section_title = sans(TZ_FONT_HEADING, l->headline * 1.3, l->headline * 1.3, "paper",
				TZ_ALIGN_LEFT);
	S->section_intro = sans(TZ_FONT_HEADING_LIGHT, l->lead, l->lead * 1.35, "paper",
				TZ_ALIGN_LEFT);
	S->label = sans(TZ_FONT_SANS_BOLD, l->caption, l->caption * 1.3, "deep", TZ_ALIGN_LEFT);
	S->label.upper = 1;
	S->label.tracking = l->caption * 0.06;
	S->value_big = sans(TZ_FONT_HEADING, l->headline * 1.55, l->headline * 1.55, "accent",
			    TZ_ALIGN_LEFT);
	S->value_small = sans(TZ_FONT_HEADING, body * 1.2, b, "deep", TZ_ALIGN_LEFT);
	S->note = sans(TZ_FONT_SANS, l->caption, l->caption * 1.3, "text", TZ_ALIGN_LEFT);
	S->table_head = sans(TZ_FONT_SANS_BOLD, l->caption, b, "paper", TZ_ALIGN_LEFT);
	S->table_head.upper = 1;
	S->table_head.tracking = l->caption * 0.06;
	S->table_cell = sans(TZ_FONT_SANS, body * 0.9, body * 1.2, "text", TZ_ALIGN_LEFT);
	S->table_cell_bold = sans(TZ_FONT_SANS_BOLD, body * 0.95, body * 1.2, "deep",
				  TZ_ALIGN_LEFT);
	S->cover_line = sans(TZ_FONT_HEADING, l->headline * 0.62, l->headline * 0.7, "paper",
			     TZ_ALIGN_LEFT);
	S->masthead = sans(TZ_FONT_HEADING, l->masthead, l->masthead, "paper", TZ_ALIGN_LEFT);
	S->edition = sans(TZ_FONT_SANS_BOLD, body * 1.05, b, "paper", TZ_ALIGN_LEFT);
	S->edition.upper = 1;
	S->edition.tracking = body * 0.12;
	S->contents_item = sans(TZ_FONT_SANS_BOLD, body * 1.1, body * 1.35, "richblack",
				TZ_ALIGN_LEFT);
	S->contents_kicker = sans(TZ_FONT_SANS, l->caption, l->caption * 1.3, "accent",
				  TZ_ALIGN_LEFT);
	S->contents_kicker.upper = 1;
	S->contents_kicker.tracking = l->caption * 0.06;
	S->contents_page = sans(TZ_FONT_HEADING, body * 1.6, b, "accent", TZ_ALIGN_RIGHT);
	S->company_name = sans(TZ_FONT_SANS_BOLD, body * 1.05, b, "deep", TZ_ALIGN_LEFT);
	S->company_line = sans(TZ_FONT_SANS, body * 0.9, b, "text", TZ_ALIGN_LEFT);
	S->ad_title = sans(TZ_FONT_HEADING, l->headline * 1.2, l->headline * 1.2, "paper",
			   TZ_ALIGN_LEFT);
	S->ad_body = sans(TZ_FONT_HEADING_LIGHT, l->lead, l->lead * 1.4, "paper", TZ_ALIGN_LEFT);
}
