/*
 * pdfx.c - the PDF/X-1a:2001 parts libharu can express: PDF version, Info
 * keys, the OutputIntent with the embedded output profile, page boxes; and
 * tz_pdfx_save, which saves to memory and hands the bytes to the rewriter
 * (pdfx_rewrite.c) for what libharu cannot express.
 *
 * The one idea: build the X-specific objects directly with libharu's object
 * API (hpdf_objects.h) rather than its PDF/A helper, whose OutputIntent
 * writes the key "/OutputConditionIdentifier " with a trailing space.
 */
#include "pdfx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <lcms2.h>

#include "image_cmyk.h"
#include "outcond.h"
#include "../text/utf8.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define MAX_ICC_BYTES ((size_t)4 * 1024 * 1024)
#define MAX_PDF_BYTES ((size_t)1024 * 1024 * 1024)

void tz_pdfx_options_init(struct tz_pdfx_options *o)
{
	memset(o, 0, sizeof(*o));
	o->pdfx = 1;
	o->date = -1;
	o->lean_fonts = 1;
}

static int hpdf_fail(HPDF_Doc pdf, const char *what, struct tz_error *err)
{
	unsigned long code = (unsigned long)HPDF_GetError(pdf);
	HPDF_ResetError(pdf);
	return tz_error_set(err, code == HPDF_FAILD_TO_ALLOC_MEM ? TZ_ERR_NOMEM : TZ_ERR_IO,
			    NULL, 0, "cannot %s: libharu error 0x%04lx", what, code);
}

/* A PDF text string: plain if ASCII, else UTF-16BE with a BOM, as hex. */
static HPDF_STATUS add_text(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
			    const char *s)
{
	return tz_pdfx_text_string(pdf, dict, key, s);
}

HPDF_STATUS tz_pdfx_text_string(HPDF_Doc pdf, HPDF_Dict dict, const char *key,
				const char *s)
{
	size_t n = strlen(s);
	int ascii = 1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x7f || (unsigned char)s[i] < 0x20)
			ascii = 0;
	if (ascii)
		return HPDF_Dict_Add(dict, key, HPDF_String_New(pdf->mmgr, s, NULL));
	HPDF_BYTE u16[2048];
	size_t len = 0;
	u16[len++] = 0xfe, u16[len++] = 0xff;
	for (size_t i = 0; i < n && len + 4 <= sizeof(u16);) {
		uint32_t cp;
		size_t used = tz_utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (!used)
			cp = 0xfffd, used = 1;
		i += used;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint32_t hi = 0xd800 + (v >> 10), lo = 0xdc00 + (v & 0x3ff);
			u16[len++] = (HPDF_BYTE)(hi >> 8), u16[len++] = (HPDF_BYTE)hi;
			u16[len++] = (HPDF_BYTE)(lo >> 8), u16[len++] = (HPDF_BYTE)lo;
		} else {
			u16[len++] = (HPDF_BYTE)(cp >> 8), u16[len++] = (HPDF_BYTE)cp;
		}
	}
	return HPDF_Dict_Add(dict, key, HPDF_Binary_New(pdf->mmgr, u16, (HPDF_UINT)len));
}

static long long document_epoch(const struct tz_pdfx_options *o)
{
	if (o->date >= 0)
		return o->date;
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (s && *s) {
		char *end;
		long long v = strtoll(s, &end, 10);
		if (*end == '\0' && v >= 0)
			return v;
	}
	return 0;
}

static HPDF_STATUS set_dates(HPDF_Doc pdf, long long epoch)
{
	time_t t = (time_t)epoch;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return HPDF_INVALID_DATE_TIME;
	HPDF_Date d;
	memset(&d, 0, sizeof(d));
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	d.hour = tm.tm_hour;
	d.minutes = tm.tm_min;
	d.seconds = tm.tm_sec;
	d.ind = 'Z';
	HPDF_STATUS st = HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d);
	if (st == HPDF_OK)
		st = HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d);
	return st;
}

static int check_profile(const struct tz_buf *icc, const char *path,
			 struct tz_error *err)
{
	cmsHPROFILE p = cmsOpenProfileFromMem(icc->data, (cmsUInt32Number)icc->len);
	if (!p)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "not an ICC profile '%s'", path);
	int ok = cmsGetColorSpace(p) == cmsSigCmykData &&
		 cmsGetDeviceClass(p) == cmsSigOutputClass;
	double version = cmsGetProfileVersion(p);
	cmsCloseProfile(p);
	if (!ok)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "not a CMYK output profile '%s'", path);
	/* PDF/X-1a:2001 is PDF 1.3, which knows ICC version 2 profiles only. */
	if (version >= 3.0)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "ICC version %.1f profile not allowed in PDF/X-1a:2001 '%s' "
				    "(needs version 2)", version, path);
	return 0;
}

static int add_output_intent(HPDF_Doc pdf, const struct tz_pdfx_options *o,
			     struct tz_error *err)
{
	const char *path = o->icc_path ? o->icc_path : TZ_CMYK_DEFAULT_ICC;
	struct tz_buf icc;
	tz_buf_init(&icc, MAX_ICC_BYTES);
	if (tz_read_file(path, MAX_ICC_BYTES, &icc, err))
		return -1;
	if (check_profile(&icc, path, err)) {
		tz_buf_release(&icc);
		return -1;
	}
	/* no condition named: the one the profile says it characterises */
	const struct tz_output_condition *known = tz_output_condition_of(icc.data, icc.len);
	const char *id = o->output_condition_id ? o->output_condition_id
			 : known		 ? known->id
						 : "Custom";
	if (tz_output_condition_check(id, icc.data, icc.len, path, NULL, 0, err)) {
		tz_buf_release(&icc);
		return -1;
	}
	known = tz_output_condition_find(id);
	const char *info = o->output_condition ? o->output_condition
			   : known		? known->info
						: id;
	HPDF_MMgr mm = pdf->mmgr;
	HPDF_Dict intent = HPDF_Dict_New(mm);
	HPDF_Dict profile = HPDF_DictStream_New(mm, pdf->xref);
	HPDF_Array intents = HPDF_Array_New(mm);
	HPDF_STATUS st = intent && profile && intents ? HPDF_OK : HPDF_FAILD_TO_ALLOC_MEM;
	if (st == HPDF_OK)
		st = HPDF_Xref_Add(pdf->xref, intent); /* indirect; xref owns it now */
	else if (intent)
		HPDF_Dict_Free(intent);
	if (st == HPDF_OK) {
		profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		st = HPDF_Stream_Write(profile->stream, (const HPDF_BYTE *)icc.data,
				       (HPDF_UINT)icc.len);
	}
	if (st == HPDF_OK)
		st = HPDF_Dict_AddNumber(profile, "N", 4);
	if (st == HPDF_OK)
		st = HPDF_Dict_AddName(intent, "Type", "OutputIntent");
	if (st == HPDF_OK)
		st = HPDF_Dict_AddName(intent, "S", "GTS_PDFX");
	if (st == HPDF_OK)
		st = add_text(pdf, intent, "OutputConditionIdentifier", id);
	if (st == HPDF_OK)
		st = add_text(pdf, intent, "RegistryName",
			      o->registry ? o->registry : "http://www.color.org");
	if (st == HPDF_OK)
		st = add_text(pdf, intent, "Info", info);
	if (st == HPDF_OK && (o->output_condition || known))
		st = add_text(pdf, intent, "OutputCondition", info);
	if (st == HPDF_OK)
		st = HPDF_Dict_Add(intent, "DestOutputProfile", profile);
	if (st == HPDF_OK)
		st = HPDF_Array_Add(intents, intent);
	if (st == HPDF_OK)
		st = HPDF_Dict_Add(pdf->catalog, "OutputIntents", intents);
	else if (intents)
		HPDF_Array_Free(intents);
	tz_buf_release(&icc);
	if (st != HPDF_OK)
		return hpdf_fail(pdf, "add the output intent", err);
	return 0;
}

int tz_pdfx_prepare(HPDF_Doc pdf, const struct tz_pdfx_options *o,
		    struct tz_error *err)
{
	if (o->pdfx && (!o->title || !*o->title))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "PDF/X needs a title");
	/* X-1a:2001 is based on PDF 1.3, which is also what libharu writes
	 * unless a feature we do not use (transparency) raises it. */
	pdf->pdf_version = HPDF_VER_13;
	HPDF_STATUS st = HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER,
					  "techzine " TZ_VERSION " (libharu)");
	if (st == HPDF_OK && o->title)
		st = add_text(pdf, pdf->info, "Title", o->title);
	if (st == HPDF_OK && o->author)
		st = add_text(pdf, pdf->info, "Author", o->author);
	if (st == HPDF_OK && o->subject)
		st = add_text(pdf, pdf->info, "Subject", o->subject);
	if (st == HPDF_OK && o->keywords)
		st = add_text(pdf, pdf->info, "Keywords", o->keywords);
	if (st == HPDF_OK)
		st = set_dates(pdf, document_epoch(o));
	if (st == HPDF_OK && o->pdfx) {
		st = HPDF_Dict_AddName(pdf->info, "Trapped", "False");
		if (st == HPDF_OK)
			st = add_text(pdf, pdf->info, "GTS_PDFXVersion", "PDF/X-1:2001");
		if (st == HPDF_OK)
			st = add_text(pdf, pdf->info, "GTS_PDFXConformance",
				      "PDF/X-1a:2001");
	}
	if (st != HPDF_OK)
		return hpdf_fail(pdf, "set the document information", err);
	if (o->pdfx)
		return add_output_intent(pdf, o, err);
	return 0;
}

static HPDF_Array box(HPDF_MMgr mm, double x0, double y0, double x1, double y1)
{
	HPDF_Array a = HPDF_Array_New(mm);
	if (!a)
		return NULL;
	if (HPDF_Array_AddReal(a, (HPDF_REAL)x0) || HPDF_Array_AddReal(a, (HPDF_REAL)y0) ||
	    HPDF_Array_AddReal(a, (HPDF_REAL)x1) || HPDF_Array_AddReal(a, (HPDF_REAL)y1)) {
		HPDF_Array_Free(a);
		return NULL;
	}
	return a;
}

int tz_pdfx_set_page_boxes(HPDF_Page page, double trim_x, double trim_y,
			   double trim_w, double trim_h, double bleed,
			   struct tz_error *err)
{
	if (trim_w <= 0 || trim_h <= 0 || bleed < 0 || trim_x - bleed < 0 ||
	    trim_y - bleed < 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "invalid trim box %.2f %.2f %.2f %.2f (bleed %.2f)",
				    trim_x, trim_y, trim_w, trim_h, bleed);
	HPDF_Array trim = box(page->mmgr, trim_x, trim_y, trim_x + trim_w, trim_y + trim_h);
	HPDF_Array bl = box(page->mmgr, trim_x - bleed, trim_y - bleed,
			    trim_x + trim_w + bleed, trim_y + trim_h + bleed);
	if (!trim || !bl) {
		if (trim)
			HPDF_Array_Free(trim);
		if (bl)
			HPDF_Array_Free(bl);
		return tz_error_nomem(err);
	}
	if (HPDF_Dict_Add(page, "TrimBox", trim) != HPDF_OK) {
		HPDF_Array_Free(bl);
		return tz_error_nomem(err);
	}
	if (HPDF_Dict_Add(page, "BleedBox", bl) != HPDF_OK)
		return tz_error_nomem(err);
	return 0;
}

/* libharu keeps what HPDF_SaveToStream wrote as a list of 4 KB blocks;
 * copying them whole is far cheaper than HPDF_ReadFromStream, which copies
 * a byte at a time (1.5 % of `techzine pdf` on a 68-page issue). 0, or -1
 * (raw left empty) when the blocks do not add up to size: then the caller
 * reads the stream the slow way. */
static int copy_blocks(HPDF_Doc pdf, struct tz_buf *raw, size_t size)
{
	HPDF_Stream s = pdf->stream;
	HPDF_UINT n;

	if (!s || s->type != HPDF_STREAM_MEMORY)
		return -1;
	n = HPDF_MemStream_GetBufCount(s);
	for (HPDF_UINT i = 0; i < n; i++) {
		HPDF_UINT len = 0;
		const HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(s, i, &len);
		if (!b || len > size - raw->len) {
			raw->len = 0;
			HPDF_ResetError(pdf);
			return -1;
		}
		memcpy(raw->data + raw->len, b, len);
		raw->len += len;
	}
	if (raw->len != size) {
		raw->len = 0;
		return -1;
	}
	return 0;
}

/* The same through libharu's reader. 0 or -1 with err. */
static int read_stream(HPDF_Doc pdf, struct tz_buf *raw, size_t size, struct tz_error *err)
{
	HPDF_ResetStream(pdf);
	while (raw->len < size) {
		HPDF_UINT32 n = (HPDF_UINT32)(size - raw->len);
		HPDF_STATUS st = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)raw->data + raw->len, &n);
		raw->len += n;
		if (st != HPDF_OK && st != HPDF_STREAM_EOF)
			return hpdf_fail(pdf, "read the PDF back", err);
		if (n == 0)
			break;
	}
	HPDF_ResetError(pdf);
	return 0;
}

int tz_pdfx_save(HPDF_Doc pdf, const char *path,
		 const struct tz_pdfx_options *o, struct tz_pdfx_report *rep,
		 struct tz_error *err)
{
	if (HPDF_SaveToStream(pdf) != HPDF_OK)
		return hpdf_fail(pdf, "lay out the PDF", err);
	HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
	if (size > MAX_PDF_BYTES)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
				    "PDF too large '%s': %lu bytes", path,
				    (unsigned long)size);
	struct tz_buf raw, out;
	tz_buf_init(&raw, MAX_PDF_BYTES);
	tz_buf_init(&out, MAX_PDF_BYTES);
	int rc = -1;
	if (tz_buf_grow(&raw, (size_t)size + 1)) {
		tz_error_nomem(err);
		goto out;
	}
	if (copy_blocks(pdf, &raw, size) && read_stream(pdf, &raw, size, err))
		goto out;
	if (raw.len != size) {
		tz_error_set(err, TZ_ERR_IO, path, 0, "short PDF from libharu");
		goto out;
	}
	raw.data[raw.len] = '\0'; /* room made by tz_buf_grow above */
	/* libharu's copy is no longer needed: free it before the rewrite
	 * allocates the new file (the document frees a NULL stream as none) */
	HPDF_Stream_Free(pdf->stream);
	pdf->stream = NULL;
	if (tz_pdfx_rewrite_buf(&raw, o, &out, rep, err))
		goto out;
	rc = tz_write_file_atomic(path, out.data, out.len, err);
out:
	tz_buf_release(&raw);
	tz_buf_release(&out);
	return rc;
}
