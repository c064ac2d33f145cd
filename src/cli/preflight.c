/*
 * preflight.c - print the print preflight (`techzine check --print`, and
 * the summary line after `techzine pdf`): per page the colour spaces and
 * palette colours used, the images with their lowest effective
 * resolution, the largest ink coverage; then the fonts and the totals.
 */
#include <stdio.h>

#include "cli.h"
#include "../print/pdf.h"
#include "../util/banned.h"

void tz_print_preflight(FILE *fp, const struct tz_pdf_report *r)
{
	const char *space = r->screen ? "DeviceRGB" : "DeviceCMYK";
	size_t low = 0;

	fprintf(fp, "preflight: layout %s, %d pages (%d pad), %s\n", r->layout_name, r->pages,
		r->pad_pages,
		r->screen ? "screen version (RGB, no output intent)"
			  : "PDF/X-1a:2001, CMYK only, no transparency, no annotations");
	if (!r->screen)
		fprintf(fp, "  output condition %s, profile %s, ink limit %d %%\n", r->condition,
			r->icc, r->ink_limit);
	fprintf(fp, "  %4s  %-9s %-24s %-11s %6s %8s  %s\n", "page", "kind", "section", "colour",
		"images", "min ppi", "max ink");
	for (size_t i = 0; i < r->npage; i++) {
		const struct tz_pdf_page_report *p = &r->page[i];
		char ppi[16] = "-", ink[16] = "-";
		if (p->images)
			snprintf(ppi, sizeof(ppi), "%.0f", p->min_ppi);
		if (!r->screen)
			snprintf(ink, sizeof(ink), "%.0f %%", p->max_ink);
		if (p->images && p->min_ppi < 299.5)
			low++;
		fprintf(fp, "  %4zu  %-9s %-24.24s %-11s %6d %8s  %s  (%s)\n", i + 1, p->kind,
			p->section ? p->section : "-", space, p->images, ppi, ink, p->colours);
	}
	fprintf(fp, "  fonts (TrueType, embedded as subsets):\n");
	for (size_t i = 0; i < r->nfonts; i++)
		fprintf(fp, "    %-28s %s\n", r->font_name[i], r->font_file[i]);
	fprintf(fp, "  %zu images placed, %zu page%s with an image under 300 ppi; largest ink "
		    "coverage %.0f %%; %zu overset, %zu missing glyph%s\n",
		r->images_used, low, low == 1 ? "" : "s", r->max_ink, r->overset,
		r->missing_glyphs, r->missing_glyphs == 1 ? "" : "s");
}
