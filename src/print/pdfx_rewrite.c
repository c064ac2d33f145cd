/*
 * pdfx_rewrite.c - rewrite a PDF as libharu saves it: new ToUnicode CMaps,
 * lean TrueType programs, a fresh xref table and a trailer with /ID.
 *
 * The one idea: libharu writes a classic xref table with one entry per
 * object, no object streams and no incremental updates, so the xref offsets
 * cut the file into object spans exactly. Each span is copied unchanged or
 * replaced by a new stream object with the same number; the /ID is the
 * MD5 of the new body, so it is a function of the
 * content and two builds of the same input are byte-identical. The parser
 * refuses anything else (it is only ever fed libharu's own output).
 */
#include "pdfx.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/md5.h>
#include <zlib.h>

#include "../util/alloc.h"
#include "../util/banned.h"

#define MAX_OBJECTS 1000000L
#define MAX_STREAM ((size_t)256 * 1024 * 1024)

struct obj {
	size_t off, end;           /* span in the input */
	size_t dict, dict_end;     /* the text between "obj" and stream/endobj */
	size_t data, data_len;     /* stream bytes; data 0 when no stream */
	int present, replaced;
	struct tz_buf repl;        /* whole new "N 0 obj ... endobj" */
};

struct pdf {
	const unsigned char *b;
	size_t n;
	struct obj *o;
	long size;                 /* xref /Size */
	size_t xref_off, first_off;
	long root, info;
};

static const unsigned char *find(const unsigned char *h, size_t hn, const char *s)
{
	return memmem(h, hn, s, strlen(s));
}

/* "key N 0 R" inside [from, to): the N, or -1. */
static long ref_after(const struct pdf *p, size_t from, size_t to, const char *key)
{
	const unsigned char *k = find(p->b + from, to - from, key);
	if (!k)
		return -1;
	const char *s = (const char *)k + strlen(key);
	while (*s == ' ' || *s == '[')
		s++;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v <= 0 || v >= p->size || strncmp(end, " 0 R", 4) != 0)
		return -1;
	return v;
}

static int has_key(const struct pdf *p, long num, const char *key)
{
	const struct obj *o = &p->o[num];
	return o->present && find(p->b + o->dict, o->dict_end - o->dict, key) != NULL;
}

static int bad(struct tz_error *err, const char *what)
{
	return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
			    "cannot rewrite PDF: %s", what);
}

static int cmp_off(const void *a, const void *b)
{
	size_t x = **(const size_t *const *)a, y = **(const size_t *const *)b;
	return x < y ? -1 : x > y;
}

static int parse(struct pdf *p, struct tz_error *err)
{
	if (p->n < 32 || memcmp(p->b, "%PDF-1.", 7) != 0)
		return bad(err, "no PDF header");
	size_t tail = p->n > 1024 ? p->n - 1024 : 0;
	const unsigned char *sx = NULL, *q = p->b + tail;
	while ((q = find(q, p->n - (size_t)(q - p->b), "startxref")) != NULL)
		sx = q, q++;
	if (!sx)
		return bad(err, "no startxref");
	unsigned long long xo = strtoull((const char *)sx + 9, NULL, 10);
	if (xo + 4 > p->n || memcmp(p->b + xo, "xref", 4) != 0)
		return bad(err, "startxref does not point at an xref table");
	p->xref_off = (size_t)xo;
	const char *s = (const char *)p->b + xo + 4;
	char *end;
	long first = strtol(s, &end, 10), count = strtol(end, &end, 10);
	if (first != 0 || count <= 1 || count > MAX_OBJECTS)
		return bad(err, "unexpected xref subsection");
	while (*end == ' ' || *end == '\r' || *end == '\n')
		end++;
	if ((size_t)((const unsigned char *)end - p->b) + (size_t)count * 20 > p->n)
		return bad(err, "truncated xref table");
	p->size = count;
	p->o = tz_calloc((size_t)count, sizeof(*p->o));
	size_t **order = tz_calloc((size_t)count, sizeof(*order));
	if (!p->o || !order) {
		free(order);
		return tz_error_nomem(err);
	}
	size_t norder = 0;
	for (long i = 0; i < count; i++) {
		const char *e = end + 20 * i;
		if (e[17] != 'n')
			continue;
		struct obj *o = &p->o[i];
		o->off = (size_t)strtoull(e, NULL, 10);
		o->present = 1;
		order[norder++] = &o->off;
		tz_buf_init(&o->repl, MAX_STREAM);
	}
	const unsigned char *tr = find((const unsigned char *)end + 20 * count,
				       p->n - (size_t)((const unsigned char *)end - p->b) - 20 * (size_t)count,
				       "trailer");
	if (!tr || norder == 0) {
		free(order);
		return bad(err, "no trailer");
	}
	size_t tro = (size_t)(tr - p->b);
	p->root = ref_after(p, tro, p->n, "/Root");
	p->info = ref_after(p, tro, p->n, "/Info");
	qsort(order, norder, sizeof(*order), cmp_off);
	p->first_off = *order[0];
	for (size_t i = 0; i < norder; i++) {
		struct obj *o = (struct obj *)(void *)((char *)order[i] - offsetof(struct obj, off));
		o->end = i + 1 < norder ? *order[i + 1] : p->xref_off;
		if (o->off >= o->end || o->end > p->n)
			return free(order), bad(err, "overlapping objects");
	}
	free(order);
	if (p->root < 0)
		return bad(err, "no /Root");
	for (long i = 1; i < count; i++) {
		struct obj *o = &p->o[i];
		if (!o->present)
			continue;
		const unsigned char *ob = find(p->b + o->off, o->end - o->off, " obj");
		const unsigned char *en = find(p->b + o->off, o->end - o->off, "endobj");
		if (!ob || !en || strtol((const char *)p->b + o->off, NULL, 10) != i)
			return bad(err, "xref offset does not start the object");
		o->dict = (size_t)(ob - p->b) + 4;
		o->dict_end = (size_t)(en - p->b);
		const unsigned char *st = find(p->b + o->dict, o->dict_end - o->dict, ">>\nstream");
		if (st) {
			o->dict_end = (size_t)(st - p->b) + 2;
			o->data = o->dict_end + 8;
			if (p->b[o->data] == '\r')
				o->data++;
			if (p->b[o->data] == '\n')
				o->data++;
		}
	}
	/* stream lengths, direct or via a length object */
	for (long i = 1; i < count; i++) {
		struct obj *o = &p->o[i];
		if (!o->present || !o->data)
			continue;
		long lref = ref_after(p, o->dict, o->dict_end, "/Length");
		const unsigned char *lp;
		if (lref > 0 && p->o[lref].present)
			lp = p->b + p->o[lref].dict;
		else if ((lp = find(p->b + o->dict, o->dict_end - o->dict, "/Length ")) != NULL)
			lp += 8;
		else
			return bad(err, "stream without /Length");
		unsigned long long len = strtoull((const char *)lp, NULL, 10);
		if (len > o->end - o->data)
			return bad(err, "stream runs past its object");
		o->data_len = (size_t)len;
	}
	return 0;
}

static int inflate_obj(const struct pdf *p, long num, struct tz_buf *out,
		       struct tz_error *err)
{
	const struct obj *o = &p->o[num];
	if (!o->present || !o->data)
		return bad(err, "expected a stream object");
	if (!find(p->b + o->dict, o->dict_end - o->dict, "/FlateDecode"))
		return tz_buf_add(out, p->b + o->data, o->data_len) ? tz_error_nomem(err) : 0;
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK)
		return tz_error_nomem(err);
	z.next_in = (Bytef *)(uintptr_t)(p->b + o->data);
	z.avail_in = (uInt)o->data_len;
	int zr = Z_OK;
	while (zr == Z_OK) {
		if (tz_buf_grow(out, 65536)) {
			inflateEnd(&z);
			return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
					    "PDF stream too large (object %ld)", num);
		}
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = 65536;
		zr = inflate(&z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z.next_out - out->data);
	}
	inflateEnd(&z);
	if (zr != Z_STREAM_END)
		return bad(err, "corrupt compressed stream");
	return 0;
}

/* Replace object num by a Flate stream holding data, with extra dict text. */
static int replace_stream(struct pdf *p, long num, const struct tz_buf *data,
			  const char *extra, struct tz_error *err)
{
	struct obj *o = &p->o[num];
	uLongf zlen = compressBound((uLong)data->len);
	unsigned char *z = tz_malloc(zlen);
	if (!z)
		return tz_error_nomem(err);
	if (compress2(z, &zlen, (const Bytef *)data->data, (uLong)data->len, 6) != Z_OK) {
		free(z);
		return tz_error_nomem(err);
	}
	tz_buf_reset(&o->repl);
	int rc = tz_buf_addf(&o->repl, "%ld 0 obj\n<<\n/Length %lu\n/Filter /FlateDecode\n%s>>\nstream\r\n",
			     num, (unsigned long)zlen, extra);
	rc |= tz_buf_add(&o->repl, z, zlen);
	rc |= tz_buf_adds(&o->repl, "\r\nendstream\nendobj\n");
	free(z);
	if (rc)
		return tz_error_nomem(err);
	o->replaced = 1;
	return 0;
}

/* Replace the /W array of a CIDFont dict by one with only the used codes. */
static int trim_widths(struct pdf *p, long num, const unsigned char *used,
		       struct tz_error *err)
{
	struct obj *o = &p->o[num];
	const unsigned char *w = find(p->b + o->dict, o->dict_end - o->dict, "/W [");
	if (!w || o->replaced)
		return 0;
	size_t open = (size_t)(w - p->b) + 3, close = open;
	for (int depth = 0; close < o->dict_end; close++) {
		depth += p->b[close] == '[' ? 1 : p->b[close] == ']' ? -1 : 0;
		if (depth == 0)
			break;
	}
	if (close >= o->dict_end)
		return 0;
	struct tz_buf arr;
	tz_buf_init(&arr, MAX_STREAM);
	int r = tz_pdfx_trim_widths((const char *)p->b + open, close + 1 - open, used, &arr);
	if (r == 0) {
		tz_buf_reset(&o->repl);
		r = tz_buf_add(&o->repl, p->b + o->off, open - o->off) |
		    tz_buf_add(&o->repl, arr.data, arr.len) |
		    tz_buf_add(&o->repl, p->b + close + 1, o->end - close - 1);
		if (r == 0)
			o->replaced = 1;
	}
	tz_buf_release(&arr);
	return r < 0 ? tz_error_nomem(err) : 0;
}

/* A Type0 font: a valid ToUnicode CMap; when the used codes are known, also
 * a CIDToGIDMap and /W array for those codes only. */
static int fix_type0(struct pdf *p, long font, const unsigned char *used,
		     struct tz_pdfx_report *rep, struct tz_error *err)
{
	const struct obj *f = &p->o[font];
	long cmap = ref_after(p, f->dict, f->dict_end, "/ToUnicode");
	if (cmap < 0 || p->o[cmap].replaced)
		return 0;
	long desc = ref_after(p, f->dict, f->dict_end, "/DescendantFonts");
	long map = desc > 0 && p->o[desc].present
			   ? ref_after(p, p->o[desc].dict, p->o[desc].dict_end, "/CIDToGIDMap")
			   : -1;
	struct tz_buf gid, text;
	tz_buf_init(&gid, MAX_STREAM);
	tz_buf_init(&text, MAX_STREAM);
	int rc = map > 0 ? inflate_obj(p, map, &gid, err) : 0;
	if (rc == 0 && map > 0 && used && !p->o[map].replaced) {
		for (size_t code = 0; 2 * code + 1 < gid.len; code++)
			if (!(used[code >> 3] >> (code & 7) & 1))
				gid.data[2 * code] = gid.data[2 * code + 1] = 0;
		rc = replace_stream(p, map, &gid, "", err);
		if (rc == 0)
			rc = trim_widths(p, desc, used, err);
	}
	if (rc == 0 && tz_pdfx_tounicode(map > 0 ? (unsigned char *)gid.data : NULL,
					 gid.len, &text))
		rc = tz_error_nomem(err);
	if (rc == 0)
		rc = replace_stream(p, cmap, &text, "", err);
	if (rc == 0 && rep)
		rep->cmaps_fixed++;
	tz_buf_release(&gid);
	tz_buf_release(&text);
	return rc;
}

/* The codes shown on any page or form, or NULL when not sure (then nothing
 * is trimmed). */
static unsigned char *used_codes(struct pdf *p)
{
	unsigned char *used = tz_calloc(8192, 1);
	struct tz_buf c;
	tz_buf_init(&c, MAX_STREAM);
	struct tz_error ignored;
	for (long i = 1; used && i < p->size; i++) {
		const struct obj *o = &p->o[i];
		if (!o->present)
			continue;
		long content = -1;
		const unsigned char *t = find(p->b + o->dict, o->dict_end - o->dict, "/Type /Page");
		if (t && t[11] != 's') {
			const unsigned char *k = find(p->b + o->dict, o->dict_end - o->dict, "/Contents");
			if (!k)
				continue;
			content = ref_after(p, o->dict, o->dict_end, "/Contents");
			if (content < 0 || k[10] == '[') /* arrays: not from libharu */
				goto unsure;
		} else if (has_key(p, i, "/Subtype /Form")) {
			content = i;
		} else {
			continue;
		}
		tz_buf_reset(&c);
		if (inflate_obj(p, content, &c, &ignored) ||
		    tz_pdfx_collect_codes((unsigned char *)c.data, c.len, used))
			goto unsure;
	}
	tz_buf_release(&c);
	return used;
unsure:
	tz_buf_release(&c);
	free(used);
	return NULL;
}

static void font_name(const struct pdf *p, const struct obj *o, char *out, size_t n)
{
	const unsigned char *k = find(p->b + o->dict, o->dict_end - o->dict, "/FontName /");
	size_t i = 0;
	if (k)
		for (k += 11; i + 1 < n && k < p->b + o->dict_end && *k > ' ' && *k != '/'; k++)
			out[i++] = (char)*k;
	out[i] = '\0';
}

static int lean_font(struct pdf *p, long descriptor, const struct tz_pdfx_options *opt,
		     struct tz_pdfx_report *rep, struct tz_error *err)
{
	const struct obj *d = &p->o[descriptor];
	long prog = ref_after(p, d->dict, d->dict_end, "/FontFile2");
	if (prog < 0 || p->o[prog].replaced)
		return 0;
	struct tz_buf raw, lean;
	tz_buf_init(&raw, MAX_STREAM);
	tz_buf_init(&lean, MAX_STREAM);
	int rc = inflate_obj(p, prog, &raw, err);
	struct tz_pdfx_font *rf = NULL;
	if (rc == 0 && rep && rep->nfonts < TZ_PDFX_MAX_FONTS) {
		rf = &rep->fonts[rep->nfonts++];
		font_name(p, d, rf->name, sizeof(rf->name));
		rf->bytes_before = rf->bytes_after = raw.len;
		rf->stored_before = rf->stored_after = p->o[prog].data_len;
	}
	if (rc == 0 && opt->lean_fonts) {
		int lr = tz_pdfx_lean_truetype((unsigned char *)raw.data, raw.len, &lean);
		if (lr < 0)
			rc = tz_error_nomem(err);
		else if (lr == 0) { /* > 0: not a font we understand, keep it */
			char extra[64];
			snprintf(extra, sizeof(extra), "/Length1 %zu\n", lean.len);
			rc = replace_stream(p, prog, &lean, extra, err);
			if (rc == 0 && rf) {
				rf->bytes_after = lean.len;
				rf->stored_after = p->o[prog].repl.len;
			}
		}
	}
	tz_buf_release(&raw);
	tz_buf_release(&lean);
	return rc;
}

static int write_out(struct pdf *p, struct tz_buf *out, struct tz_pdfx_report *rep,
		     struct tz_error *err)
{
	size_t *newoff = tz_calloc((size_t)p->size, sizeof(*newoff));
	if (!newoff)
		return tz_error_nomem(err);
	/* the whole file at once: growing a buffer of megabytes by doubling
	 * copies it over and over */
	size_t total = p->first_off + 20 * (size_t)p->size + 256;
	for (long i = 1; i < p->size; i++)
		if (p->o[i].present)
			total += p->o[i].replaced ? p->o[i].repl.len : p->o[i].end - p->o[i].off;
	int rc = tz_buf_grow(out, total);
	if (rc == 0)
		rc = tz_buf_add(out, p->b, p->first_off);
	for (size_t at = p->first_off; rc == 0 && at < p->xref_off;) {
		long num = strtol((const char *)p->b + at, NULL, 10);
		struct obj *o = &p->o[num];
		newoff[num] = out->len;
		if (o->replaced)
			rc = tz_buf_add(out, o->repl.data, o->repl.len);
		else
			rc = tz_buf_add(out, p->b + o->off, o->end - o->off);
		at = o->end;
	}
	/* MD5 of the body, as the PDF reference suggests for /ID: a function
	 * of the content only, and several times cheaper than SHA-256 on a
	 * file of megabytes */
	struct md5_ctx h;
	uint8_t dg[MD5_DIGEST_SIZE];
	md5_init(&h);
	md5_update(&h, out->len, (const uint8_t *)out->data);
	md5_digest(&h, sizeof(dg), dg);
	char id[33];
	for (int i = 0; i < 16; i++)
		snprintf(id + 2 * (size_t)i, 3, "%02X", dg[i]);
	size_t xref = out->len;
	rc |= tz_buf_addf(out, "xref\n0 %ld\n0000000000 65535 f\r\n", p->size);
	for (long i = 1; i < p->size; i++)
		rc |= p->o[i].present ? tz_buf_addf(out, "%010zu 00000 n\r\n", newoff[i])
				      : tz_buf_adds(out, "0000000000 65535 f\r\n");
	rc |= tz_buf_addf(out, "trailer\n<<\n/Root %ld 0 R\n", p->root);
	if (p->info > 0)
		rc |= tz_buf_addf(out, "/Info %ld 0 R\n", p->info);
	rc |= tz_buf_addf(out, "/Size %ld\n/ID [<%s> <%s>]\n>>\nstartxref\n%zu\n%%%%EOF\n",
			  p->size, id, id, xref);
	free(newoff);
	if (rc)
		return tz_error_nomem(err);
	if (rep)
		memcpy(rep->id_hex, id, sizeof(id));
	return 0;
}

/* A stream libharu left uncompressed (techzine asks it to compress only
 * page content and images: fonts and CMaps are rewritten here anyway, and
 * deflating a 1 MB font program that is then thrown away cost more than the
 * whole layout): Flate it now, keeping its dictionary but /Length. */
static int compress_plain(struct pdf *p, long num, struct tz_error *err)
{
	const struct obj *o = &p->o[num];
	struct tz_buf extra, data;
	const unsigned char *d = p->b + o->dict, *e = p->b + o->dict_end;
	int rc;

	if (o->replaced || !o->data || o->data_len < 64 ||
	    find(d, (size_t)(e - d), "/Filter") || find(d, (size_t)(e - d), "/Subtype /Image"))
		return 0;
	tz_buf_init(&extra, 65536);
	tz_buf_init(&data, MAX_STREAM);
	/* the dictionary's lines between << and >>, without /Length */
	while (d < e && (*d == ' ' || *d == 10 || *d == 13))
		d++;
	if (e - d < 4 || memcmp(d, "<<", 2) != 0) {
		tz_buf_release(&extra);
		return 0; /* not understood: leave it */
	}
	d += 2;
	while (e > d && (e[-1] == ' ' || e[-1] == 10 || e[-1] == 13))
		e--;
	if (e - d < 2 || memcmp(e - 2, ">>", 2) != 0) {
		tz_buf_release(&extra);
		return 0;
	}
	e -= 2;
	rc = 0;
	while (d < e && rc == 0) {
		const unsigned char *nl = memchr(d, '\n', (size_t)(e - d));
		const unsigned char *end = nl ? nl + 1 : e;
		if (!(end - d >= 8 && !memcmp(d, "/Length ", 8)))
			rc = tz_buf_add(&extra, d, (size_t)(end - d));
		d = end;
	}
	if (rc == 0 && extra.len && extra.data[extra.len - 1] != '\n')
		rc = tz_buf_addc(&extra, '\n');
	if (rc)
		rc = tz_error_nomem(err);
	if (rc == 0)
		rc = tz_buf_add(&data, p->b + o->data, o->data_len) ? tz_error_nomem(err) : 0;
	if (rc == 0)
		rc = replace_stream(p, num, &data, extra.data ? extra.data : "", err);
	tz_buf_release(&extra);
	tz_buf_release(&data);
	return rc;
}

int tz_pdfx_rewrite(const unsigned char *in, size_t len,
		    const struct tz_pdfx_options *opt, struct tz_buf *out,
		    struct tz_pdfx_report *rep, struct tz_error *err)
{
	/* A NUL-terminated copy: strtol and friends then stop at the end even
	 * on a truncated file. */
	struct tz_buf copy;
	tz_buf_init(&copy, len + 1);
	if (tz_buf_add(&copy, in, len))
		return tz_error_nomem(err);
	int rc = tz_pdfx_rewrite_buf(&copy, opt, out, rep, err);
	tz_buf_release(&copy);
	return rc;
}

int tz_pdfx_rewrite_buf(const struct tz_buf *in, const struct tz_pdfx_options *opt,
			struct tz_buf *out, struct tz_pdfx_report *rep,
			struct tz_error *err)
{
	struct pdf p;
	memset(&p, 0, sizeof(p));
	p.b = (const unsigned char *)in->data;
	p.n = in->len;
	if (rep)
		memset(rep, 0, sizeof(*rep)), rep->size_before = in->len;
	int rc = parse(&p, err);
	unsigned char *used = rc == 0 ? used_codes(&p) : NULL;
	if (rc == 0 && opt->pdfx && p.b[7] > '4')
		rc = tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				  "PDF/X-1a needs PDF 1.4 or lower, libharu wrote 1.%c", p.b[7]);
	for (long i = 1; rc == 0 && i < p.size; i++) {
		if (!p.o[i].present)
			continue;
		if (opt->pdfx && has_key(&p, i, "/Annots"))
			rc = tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
					  "PDF/X-1a allows no annotations or links (object %ld)", i);
		else if (opt->pdfx && (has_key(&p, i, "/SMask") || has_key(&p, i, "/Transparency")))
			rc = tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
					  "PDF/X-1a allows no transparency (object %ld)", i);
		else if (has_key(&p, i, "/ToUnicode"))
			rc = fix_type0(&p, i, opt->lean_fonts ? used : NULL, rep, err);
		else if (has_key(&p, i, "/FontFile2"))
			rc = lean_font(&p, i, opt, rep, err);
	}
	for (long i = 1; rc == 0 && i < p.size; i++)
		if (p.o[i].present)
			rc = compress_plain(&p, i, err);
	if (rc == 0)
		rc = write_out(&p, out, rep, err);
	if (rc == 0 && rep)
		rep->size_after = out->len;
	for (long i = 0; p.o && i < p.size; i++)
		tz_buf_release(&p.o[i].repl);
	free(used);
	free(p.o);
	return rc;
}
