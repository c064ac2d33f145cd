/*
 * pdfpages.c - a hash of each page's content stream, read from the PDF
 * that `techzine pdf` just wrote: the preview's test of "did this page
 * change" (pages.c). Everything a page draws is in its content stream
 * (text, rules, colours, which image goes where), and techzine's PDFs are
 * byte-identical for identical input, so equal bytes mean an equal page.
 *
 * The hash covers the content stream, the page size and the dictionaries
 * of the images the page names (pages.c asks for every page when an image
 * file changes, since an image's pixels are not hashed).
 *
 * Written here rather than taken from a library: poppler-glib, which
 * renders the pages, does not expose a page's content stream, and the
 * structure techzine writes (one page tree under the catalog, a classic
 * xref table, one content stream per page) needs only this much. Every
 * offset is checked against the file; anything unexpected gives 0 for
 * "unknown", and the page is rendered again.
 */
#include <stdlib.h>
#include <string.h>

#include "preview.h"
#include "../util/banned.h"

struct pdf {
	const char *d;
	size_t n;
	const char *xref; /* first entry of the xref table */
	size_t first, count;
};

static const char *find(const char *from, const char *end, const char *s)
{
	size_t k = strlen(s);
	if (!from || from >= end)
		return NULL;
	return memmem(from, (size_t)(end - from), s, k);
}

static long num_after(const char *p, const char *end, const char *key)
{
	const char *k = find(p, end, key);
	if (!k)
		return -1;
	k += strlen(key);
	while (k < end && (*k == ' ' || *k == '\n' || *k == '\r'))
		k++;
	if (k >= end || *k < '0' || *k > '9')
		return -1;
	return strtol(k, NULL, 10);
}

/* The object's bytes from "N 0 obj" to "endobj". */
static const char *object(const struct pdf *f, long num, const char **end)
{
	/* sizes, not pointers, are compared: no pointer arithmetic can wrap */
	if (num < 0 || (size_t)num < f->first || (size_t)num - f->first >= f->count)
		return NULL;
	size_t at = (size_t)(f->xref - f->d) + ((size_t)num - f->first) * 20;
	if (at > f->n || f->n - at < 20 || f->d[at + 17] != 'n')
		return NULL;
	const char *e = f->d + at;
	long off = strtol(e, NULL, 10);
	if (off <= 0 || (size_t)off >= f->n)
		return NULL;
	const char *o = f->d + off;
	*end = find(o, f->d + f->n, "endobj");
	return *end ? o : NULL;
}

static int open_pdf(struct pdf *f, const char *d, size_t n)
{
	f->d = d;
	f->n = n;
	if (n < 64)
		return -1;
	const char *sx = NULL;
	for (const char *p = d + n - 9; p > d + n - 64 && p > d; p--)
		if (!memcmp(p, "startxref", 9)) {
			sx = p;
			break;
		}
	if (!sx)
		return -1;
	long off = strtol(sx + 9, NULL, 10);
	if (off <= 0 || (size_t)off + 4 >= n || memcmp(d + off, "xref", 4))
		return -1;
	char *q;
	f->first = (size_t)strtoul(d + off + 4, &q, 10);
	f->count = (size_t)strtoul(q, &q, 10);
	if (q < d || q > d + n)
		return -1;
	while (q < d + n && (*q == ' ' || *q == '\r' || *q == '\n'))
		q++;
	f->xref = q;
	return f->count && f->count <= (size_t)(d + n - q) / 20 ? 0 : -1;
}

static unsigned long long fnv(const char *p, size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h ? h : 1;
}

/* Which images a page draws: the dictionaries (size, length, filter) of
 * the XObjects it names, not their object numbers, which shift when an
 * earlier page gains an object. */
static unsigned long long xobjects(const struct pdf *f, const char *pg, const char *pend)
{
	unsigned long long h = 0;
	const char *x = find(pg, pend, "/XObject");
	const char *xe = x ? find(x, pend, ">>") : NULL;
	for (const char *q = x; q && q < xe;) {
		const char *slash = find(q + 1, xe, "/");
		if (!slash)
			break;
		char *r;
		const char *sp = slash;
		while (sp < xe && *sp != ' ')
			sp++;
		long num = strtol(sp, &r, 10);
		const char *oend, *o = object(f, num, &oend);
		const char *st = o ? find(o, oend, "stream") : NULL;
		if (st)
			h = h * 31 + fnv(o + 8, (size_t)(st - o - 8 > 0 ? st - o - 8 : 0));
		h = h * 31 + fnv(slash, (size_t)(sp - slash));
		q = r > sp ? r : sp + 1;
	}
	return h;
}

static size_t page_hashes(const char *d, size_t n, unsigned long long *out, size_t max)
{
	struct pdf f;
	const char *end, *o;
	if (open_pdf(&f, d, n))
		return 0;
	long root = num_after(find(f.xref, d + n, "trailer"), d + n, "/Root");
	if (!(o = object(&f, root, &end)))
		return 0;
	long pages = num_after(o, end, "/Pages");
	if (!(o = object(&f, pages, &end)))
		return 0;
	const char *kids = find(o, end, "/Kids");
	if (!kids)
		return 0;
	size_t np = 0;
	char *q = (char *)kids + 5;
	while (q < end && *q != '[')
		q++;
	for (q++; q < end && *q != ']' && np < max;) {
		long kid = strtol(q, &q, 10);
		strtol(q, &q, 10);
		while (q < end && (*q == ' ' || *q == 'R' || *q == '\n' || *q == '\r'))
			q++;
		const char *pend, *pg = object(&f, kid, &pend);
		unsigned long long h = 0;
		if (pg && !find(pg, pend, "/Kids")) { /* a leaf: the page itself */
			const char *cend, *c = object(&f, num_after(pg, pend, "/Contents"), &cend);
			const char *s = c ? find(c, cend, "stream") : NULL;
			const char *e = s ? find(s + 6, cend, "endstream") : NULL;
			const char *mb = find(pg, pend, "/MediaBox");
			const char *mbe = mb ? find(mb, pend, "]") : NULL;
			if (e && mbe)
				h = fnv(s, (size_t)(e - s)) ^ (fnv(mb, (size_t)(mbe - mb)) * 31) ^
				    (xobjects(&f, pg, pend) * 131);
		}
		out[np++] = h;
		if (kid <= 0)
			break;
	}
	return np;
}

/* The numbers are read with strtol, which needs a terminated string: the
 * parse runs on a NUL-terminated copy, so no read can pass the end. */
size_t tz_preview_page_hashes(const char *d, size_t n, unsigned long long *out, size_t max)
{
	char *copy = malloc(n + 1);
	size_t got;
	if (!copy)
		return 0;
	memcpy(copy, d, n);
	copy[n] = '\0';
	got = page_hashes(copy, n, out, max);
	free(copy);
	return got;
}
