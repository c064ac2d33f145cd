/*
 * pdfx.h - make a libharu document a PDF/X-1a:2001 file a printer's
 * preflight accepts, and make every saved PDF reproducible.
 *
 * The one idea: what libharu can express (version, Info keys, the
 * OutputIntent with its embedded ICC profile, page boxes) is added to the
 * HPDF_Doc through its object API before saving; what it cannot (a trailer
 * /ID, a valid ToUnicode CMap, lean TrueType subsets) is fixed by saving to
 * memory and rewriting the file object by object (libharu writes a plain
 * xref table and no object streams), with a new xref and trailer.
 *
 * Usage (layout engine), print version:
 *   struct tz_pdfx_options xo; tz_pdfx_options_init(&xo);
 *   xo.title = issue_title; xo.icc_path = layout_icc;
 *   xo.output_condition_id = "FOGRA39"; xo.date = issue_epoch_or_minus_1;
 *   tz_pdfx_prepare(pdf, &xo, err);           // right after HPDF_New
 *   ... layout; per page: tz_pdfx_set_page_boxes(page, trim, bleed, err) ...
 *   tz_pdfx_save(pdf, "out/issue.pdf", &xo, &report, err); // not HPDF_SaveToFile
 * Screen version: xo.pdfx = 0 (no OutputIntent/GTS keys; still fixed
 * CMaps, lean fonts, /ID and fixed dates).
 */
#ifndef TZ_PDFX_H
#define TZ_PDFX_H

#include <stddef.h>

#include <hpdf.h>

#include "../util/buf.h"
#include "../util/error.h"

#define TZ_PDFX_MAX_FONTS 64

struct tz_pdfx_options {
	int pdfx;                        /* 1 = PDF/X-1a:2001 (default), 0 = screen */
	const char *title;               /* Info /Title; required when pdfx */
	const char *author, *subject, *keywords; /* Info, may be NULL */
	const char *icc_path;            /* DestOutputProfile; NULL = TZ_CMYK_DEFAULT_ICC */
	const char *output_condition_id; /* e.g. "FOGRA39"; NULL = "Custom" */
	const char *output_condition;    /* free text, may be NULL */
	const char *registry;            /* NULL = "http://www.color.org" */
	long long date;                  /* Creation/ModDate, seconds since 1970;
					  * < 0: SOURCE_DATE_EPOCH, else 0 */
	int lean_fonts;                  /* 1 (default): drop unneeded TrueType tables */
};

struct tz_pdfx_font {
	char name[128];       /* BaseFont, e.g. "HPDFAA+Lato-Regular" */
	size_t bytes_before;  /* uncompressed font program as libharu wrote it */
	size_t bytes_after;   /* after dropping tables */
	size_t stored_before; /* the same, compressed as stored in the file */
	size_t stored_after;
};

struct tz_pdfx_report {
	size_t nfonts;
	struct tz_pdfx_font fonts[TZ_PDFX_MAX_FONTS];
	unsigned cmaps_fixed;        /* ToUnicode streams rewritten */
	size_t size_before, size_after; /* whole file, bytes */
	char id_hex[33];             /* the trailer /ID (both halves equal) */
};

void tz_pdfx_options_init(struct tz_pdfx_options *o);

/* Call once right after HPDF_New (before any page): PDF 1.4 header,
 * Info (Title, Producer, dates, GTS_PDFX*, /Trapped /False) and, when
 * o->pdfx, the /OutputIntents array on the catalog. 0 or -1. */
int tz_pdfx_prepare(HPDF_Doc pdf, const struct tz_pdfx_options *o,
		    struct tz_error *err);

/* TrimBox and BleedBox for one page (points, PDF user space; bleed is the
 * margin added around the trim box, 0 for none). MediaBox must contain the
 * bleed box (the layout sets the page size). 0 or -1. */
int tz_pdfx_set_page_boxes(HPDF_Page page, double trim_x, double trim_y,
			   double trim_w, double trim_h, double bleed,
			   struct tz_error *err);

/* Save pdf to path atomically: HPDF_SaveToStream, then tz_pdfx_rewrite.
 * libharu's copy in memory is freed once read (a second save writes a new
 * one). rep may be NULL. 0 or -1. */
int tz_pdfx_save(HPDF_Doc pdf, const char *path,
		 const struct tz_pdfx_options *o, struct tz_pdfx_report *rep,
		 struct tz_error *err);

/* Add key to dict as a PDF text string (ASCII as is, anything else as
 * UTF-16BE with a byte order mark): for Info and outline titles. */
HPDF_STATUS tz_pdfx_text_string(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
				const char *utf8);

/* The rewrite on its own (for tests and for files saved elsewhere):
 * replaces every ToUnicode CMap by a bfchar/bfrange one, drops unneeded
 * tables from every FontFile2 (when o->lean_fonts), writes a new xref and a
 * trailer with /ID = MD5 of the body. Fails on
 * input that is not a classic-xref PDF as libharu writes it. */
int tz_pdfx_rewrite(const unsigned char *in, size_t len,
		    const struct tz_pdfx_options *o, struct tz_buf *out,
		    struct tz_pdfx_report *rep, struct tz_error *err);
/* The same on a buffer the caller has (borrowed, NUL-terminated as every
 * tz_buf): no copy of the input, which for libharu's output of a 68-page
 * issue is megabytes. */
int tz_pdfx_rewrite_buf(const struct tz_buf *in, const struct tz_pdfx_options *o,
			struct tz_buf *out, struct tz_pdfx_report *rep,
			struct tz_error *err);

/* Exposed for tests (pdfx_font.c). Append to out a TrueType font with only
 * the tables a PDF renderer needs; 0, 1 if the font is not understood (out
 * unchanged), -1 out of memory. */
int tz_pdfx_lean_truetype(const unsigned char *in, size_t len,
			  struct tz_buf *out);
/* Append a ToUnicode CMap (bfchar/bfrange) mapping every code with a
 * non-zero CIDToGIDMap entry (2 bytes per code; NULL = all of the BMP) to
 * itself. 0 or -1. */
int tz_pdfx_tounicode(const unsigned char *cid2gid, size_t len,
		      struct tz_buf *out);
/* Set a bit in used (8192 bytes, one bit per 2-byte code) for every byte
 * pair of every string in a content stream: a superset of the codes shown
 * with Type0 fonts. 0, or 1 if the stream has something not understood
 * (inline image data): then nothing may be trimmed. */
int tz_pdfx_collect_codes(const unsigned char *content, size_t len,
			  unsigned char *used);
/* Append a /W array (w: "[ ... ]" as libharu writes it) keeping only used
 * codes. 0, 1 not understood (out unusable), -1 out of memory. */
int tz_pdfx_trim_widths(const char *w, size_t n, const unsigned char *used,
			struct tz_buf *out);

#endif
