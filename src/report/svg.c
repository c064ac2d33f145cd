/*
 * svg.c - inline SVG charts for the report (see svg.h). Coordinates are
 * whole or one-decimal numbers in a viewBox, so the charts scale with the
 * page and print sharply.
 */
#include <stdio.h>
#include <string.h>

#include "svg.h"
#include "../web/template.h"
#include "../util/banned.h"

#define ROW 22
#define LABEL_W 190
#define BAR_W 300
#define TEXT_W 80

static void esc(struct tz_buf *b, const char *s)
{
	tz_html_escape(b, s ? s : "", s ? strlen(s) : 0);
}

static void open_svg(struct tz_buf *b, const char *title, int w, int h)
{
	tz_buf_addf(b, "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		       "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\"><title>",
		    w, h, w, h);
	esc(b, title);
	tz_buf_adds(b, "</title>");
}

static const char *const cls_names[] = {"bar", "bar2", "bar3"};

int tz_svg_hbars(struct tz_buf *b, const char *title, const struct tz_svg_bar *bars, size_t n)
{
	double max = 0;
	for (size_t i = 0; i < n; i++)
		if (bars[i].value > max)
			max = bars[i].value;
	open_svg(b, title, LABEL_W + BAR_W + TEXT_W, (int)(n ? n : 1) * ROW + 4);
	for (size_t i = 0; i < n; i++) {
		int y = (int)i * ROW + 2;
		double w = max > 0 ? bars[i].value / max * BAR_W : 0;
		if (bars[i].value > 0 && w < 1)
			w = 1;
		tz_buf_addf(b, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
			    LABEL_W - 8, y + 15);
		esc(b, bars[i].label);
		tz_buf_addf(b, "</text><rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%.1f\" "
			       "height=\"%d\"/><text class=\"num\" x=\"%.1f\" y=\"%d\">",
			    cls_names[bars[i].cls % 3], LABEL_W, y + 3, w, ROW - 8,
			    LABEL_W + w + 6, y + 15);
		esc(b, bars[i].text);
		tz_buf_adds(b, "</text>");
	}
	return tz_buf_adds(b, "</svg>");
}

int tz_svg_columns(struct tz_buf *b, const char *title, const double *const *series,
		   size_t nseries, size_t n, const char *first_label, const char *last_label)
{
	const int W = 560, H = 140, base = 118;
	double max = 0;
	for (size_t i = 0; i < n; i++) {
		double sum = 0;
		for (size_t s = 0; s < nseries; s++)
			sum += series[s][i];
		if (sum > max)
			max = sum;
	}
	open_svg(b, title, W, H);
	tz_buf_addf(b, "<line class=\"axis\" x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", base, W, base);
	double step = n ? (double)W / (double)n : W;
	if (step > 40) /* a few days: narrow columns, not a wall */
		step = 40;
	for (size_t i = 0; i < n && max > 0; i++) {
		double y = base;
		for (size_t s = 0; s < nseries; s++) {
			double h = series[s][i] / max * (base - 10);
			if (h <= 0)
				continue;
			y -= h;
			tz_buf_addf(b, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				       "height=\"%.1f\"/>",
				    cls_names[s % 3], (double)i * step + step * 0.1, y, step * 0.8, h);
		}
	}
	tz_buf_addf(b, "<text class=\"lbl\" x=\"0\" y=\"%d\">", H - 4);
	esc(b, first_label);
	tz_buf_addf(b, "</text><text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", W, H - 4);
	esc(b, last_label);
	tz_buf_adds(b, "</text>");
	return tz_buf_adds(b, "</svg>");
}

int tz_svg_sparkline(struct tz_buf *b, const char *title, const double *v, size_t n)
{
	const int W = 120, H = 28;
	double max = 0, min = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i] > max)
			max = v[i];
		if (i == 0 || v[i] < min)
			min = v[i];
	}
	open_svg(b, title, W, H);
	if (n > 1) {
		tz_buf_adds(b, "<polyline class=\"spark\" fill=\"none\" points=\"");
		for (size_t i = 0; i < n; i++) {
			double x = 2 + (double)i * (W - 4) / (double)(n - 1);
			double y = max > min ? H - 3 - (v[i] - min) / (max - min) * (H - 6) : H / 2.0;
			tz_buf_addf(b, "%s%.1f,%.1f", i ? " " : "", x, y);
		}
		tz_buf_adds(b, "\"/>");
	}
	if (n) {
		double y = max > min ? H - 3 - (v[n - 1] - min) / (max - min) * (H - 6) : H / 2.0;
		tz_buf_addf(b, "<circle class=\"dot\" cx=\"%d\" cy=\"%.1f\" r=\"2.5\"/>", W - 2, y);
	}
	return tz_buf_adds(b, "</svg>");
}
