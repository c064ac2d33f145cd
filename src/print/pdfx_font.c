/*
 * pdfx_font.c - pure byte functions for the PDF rewriter: a lean TrueType
 * font program and a valid ToUnicode CMap.
 *
 * The one idea: a PDF renderer needs only the tables ISO 32000 9.9 lists
 * (head hhea loca maxp cvt prep glyf hmtx fpgm, plus cmap, OS/2, name, post
 * and gasp for picky RIPs), so the rewriter keeps exactly those, replaces
 * 'post' by format 3 (no glyph names), keeps only the naming records a RIP
 * shows and only the Windows/Mac BMP cmap subtables, then recomputes the
 * table checksums and head.checkSumAdjustment. libharu already subsets
 * glyf/loca; no library does this table surgery for us, so it is by hand.
 */
#include "pdfx.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/ascii.h"
#include "../util/banned.h"

#define MAX_TABLES 64

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static void wr32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static void wr16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
}

static int put16(struct tz_buf *b, unsigned v)
{
	unsigned char x[2];
	wr16(x, v);
	return tz_buf_add(b, x, 2);
}

static int put32(struct tz_buf *b, uint32_t v)
{
	unsigned char x[4];
	wr32(x, v);
	return tz_buf_add(b, x, 4);
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;
	for (i = 0; i + 4 <= len; i += 4)
		sum += rd32(p + i);
	if (i < len) {
		unsigned char last[4] = {0, 0, 0, 0};
		memcpy(last, p + i, len - i);
		sum += rd32(last);
	}
	return sum;
}

static int wanted(const unsigned char *tag)
{
	static const char *const keep[] = {"head", "hhea", "loca", "maxp", "cvt ",
					   "prep", "glyf", "hmtx", "fpgm", "cmap",
					   "OS/2", "name", "post", "gasp"};
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++)
		if (memcmp(tag, keep[i], 4) == 0)
			return 1;
	return 0;
}

/* 'name' with only the records a RIP shows (IDs 1-6, en-US / Mac Roman). */
static int lean_name(const unsigned char *t, size_t len, struct tz_buf *out)
{
	if (len < 6)
		return 1;
	unsigned count = rd16(t + 2), strings = rd16(t + 4);
	if (6 + (size_t)count * 12 > len || strings > len)
		return 1;
	struct tz_buf storage;
	tz_buf_init(&storage, 1 << 20);
	unsigned kept = 0;
	int rc = 0;
	for (int pass = 0; pass < 2 && rc == 0; pass++) {
		for (unsigned i = 0; i < count && rc == 0; i++) {
			const unsigned char *r = t + 6 + 12 * (size_t)i;
			unsigned plat = rd16(r), lang = rd16(r + 4), id = rd16(r + 6);
			unsigned n = rd16(r + 8), off = rd16(r + 10);
			if (id < 1 || id > 6 || !((plat == 3 && lang == 0x409) ||
						  (plat == 1 && lang == 0)))
				continue;
			if ((size_t)strings + off + n > len)
				return tz_buf_release(&storage), 1;
			if (pass == 0) {
				kept++;
				continue;
			}
			rc |= tz_buf_add(out, r, 8);
			rc |= put16(out, n);
			rc |= put16(out, (unsigned)storage.len);
			rc |= tz_buf_add(&storage, t + strings + off, n);
		}
		if (pass == 0) {
			if (kept == 0)
				return tz_buf_release(&storage), 1;
			rc |= put16(out, 0);
			rc |= put16(out, kept);
			rc |= put16(out, 6 + kept * 12);
		}
	}
	rc |= tz_buf_add(out, storage.data, storage.len);
	tz_buf_release(&storage);
	return rc ? -1 : 0;
}

static size_t subtable_len(const unsigned char *s, size_t avail)
{
	if (avail < 8)
		return 0;
	unsigned fmt = rd16(s);
	size_t n = fmt == 14 ? rd32(s + 2) : fmt >= 8 ? rd32(s + 4) : rd16(s + 2);
	return n <= avail ? n : 0;
}

/* 'cmap' with only the (3,0), (3,1) and (1,0) subtables. */
static int lean_cmap(const unsigned char *t, size_t len, struct tz_buf *out)
{
	if (len < 4)
		return 1;
	unsigned n = rd16(t + 2), kept = 0;
	if (4 + (size_t)n * 8 > len)
		return 1;
	size_t offs[8], lens[8];
	unsigned plats[8], encs[8];
	for (unsigned i = 0; i < n && kept < 8; i++) {
		const unsigned char *r = t + 4 + 8 * (size_t)i;
		unsigned plat = rd16(r), enc = rd16(r + 2);
		uint32_t off = rd32(r + 4);
		if (!((plat == 3 && enc <= 1) || (plat == 1 && enc == 0)) || off >= len)
			continue;
		size_t sl = subtable_len(t + off, len - off);
		if (!sl)
			return 1;
		plats[kept] = plat, encs[kept] = enc, offs[kept] = off, lens[kept] = sl;
		kept++;
	}
	if (!kept)
		return 1;
	int rc = put16(out, 0) | put16(out, kept);
	uint32_t at = 4 + kept * 8;
	for (unsigned i = 0; i < kept; i++) {
		rc |= put16(out, plats[i]) | put16(out, encs[i]) | put32(out, at);
		at += (uint32_t)lens[i];
	}
	for (unsigned i = 0; i < kept; i++)
		rc |= tz_buf_add(out, t + offs[i], lens[i]);
	return rc ? -1 : 0;
}

int tz_pdfx_lean_truetype(const unsigned char *in, size_t len,
			  struct tz_buf *out)
{
	if (len < 12)
		return 1;
	unsigned n = rd16(in + 4);
	if (n == 0 || n > MAX_TABLES || 12 + (size_t)n * 16 > len)
		return 1;
	struct {
		unsigned char tag[4];
		struct tz_buf data;
	} t[MAX_TABLES];
	unsigned k = 0;
	int rc = 0, have_head = 0;
	for (unsigned i = 0; i < n && rc == 0; i++) {
		const unsigned char *r = in + 12 + 16 * (size_t)i;
		uint32_t off = rd32(r + 8), tl = rd32(r + 12);
		if (off > len || tl > len - off) {
			rc = 1;
			break;
		}
		if (!wanted(r))
			continue;
		memcpy(t[k].tag, r, 4);
		tz_buf_init(&t[k].data, len + 64);
		const unsigned char *src = in + off;
		int r2 = 1;
		if (memcmp(r, "post", 4) == 0 && tl >= 32) {
			unsigned char post[32];
			memcpy(post, src, 32);
			wr32(post, 0x00030000);
			r2 = tz_buf_add(&t[k].data, post, 32);
		} else if (memcmp(r, "name", 4) == 0) {
			r2 = lean_name(src, tl, &t[k].data);
		} else if (memcmp(r, "cmap", 4) == 0) {
			r2 = lean_cmap(src, tl, &t[k].data);
		}
		if (r2 > 0) { /* not understood: keep the table as it is */
			tz_buf_reset(&t[k].data);
			r2 = tz_buf_add(&t[k].data, src, tl);
		}
		if (memcmp(r, "head", 4) == 0) {
			if (t[k].data.len < 12)
				r2 = 1;
			else
				wr32((unsigned char *)t[k].data.data + 8, 0), have_head = 1;
		}
		if (r2)
			rc = r2;
		k++;
	}
	if (rc == 0 && !have_head)
		rc = 1;
	size_t start = out->len;
	if (rc == 0) {
		unsigned sel = 0;
		while ((2u << sel) <= k)
			sel++;
		unsigned range = (1u << sel) * 16;
		rc |= put32(out, rd32(in)) | put16(out, k) | put16(out, range);
		rc |= put16(out, sel) | put16(out, k * 16 - range);
		uint32_t at = 12 + 16 * k;
		for (unsigned i = 0; i < k; i++) {
			size_t tl = t[i].data.len;
			rc |= tz_buf_add(out, t[i].tag, 4);
			rc |= put32(out, checksum((unsigned char *)t[i].data.data, tl));
			rc |= put32(out, at) | put32(out, (uint32_t)tl);
			at += (uint32_t)((tl + 3) & ~(size_t)3);
		}
		size_t head_at = 0;
		for (unsigned i = 0; i < k; i++) {
			static const unsigned char pad[3] = {0, 0, 0};
			if (memcmp(t[i].tag, "head", 4) == 0)
				head_at = out->len;
			rc |= tz_buf_add(out, t[i].data.data, t[i].data.len);
			rc |= tz_buf_add(out, pad, (4 - t[i].data.len % 4) % 4);
		}
		if (rc == 0) {
			unsigned char *f = (unsigned char *)out->data;
			uint32_t sum = checksum(f + start, out->len - start);
			wr32(f + head_at + 8, 0xB1B0AFBAu - sum);
		}
	}
	for (unsigned i = 0; i < k; i++)
		tz_buf_release(&t[i].data);
	if (rc)
		tz_buf_truncate(out, start);
	return rc;
}

static int cmap_block(struct tz_buf *out, const char *kind, const char *lines,
		      unsigned count)
{
	if (!count)
		return 0;
	return tz_buf_addf(out, "%u begin%s\n%send%s\n", count, kind, lines, kind);
}

int tz_pdfx_tounicode(const unsigned char *cid2gid, size_t len,
		      struct tz_buf *out)
{
	/* Codes are Unicode BMP values (libharu's UTF-8 encoder with
	 * Identity-H), so each used code maps to itself; runs stay inside one
	 * high byte as bfrange requires, at most 100 entries per block. */
	int rc = tz_buf_adds(out,
			     "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
			     "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
			     "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
			     "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	char lines[100 * 24 + 1];
	size_t used = 0;
	unsigned count = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned lo = 0x20; lo <= 0xffff;) {
			int mapped = cid2gid ? (2 * (size_t)lo + 1 < len &&
						(cid2gid[2 * (size_t)lo] | cid2gid[2 * (size_t)lo + 1]))
					     : 1;
			if (!mapped || (lo >= 0xd800 && lo <= 0xdfff)) {
				lo++;
				continue;
			}
			unsigned hi = lo;
			while (hi < 0xffff && (hi & 0xff) != 0xff &&
			       (!cid2gid || (2 * (size_t)(hi + 1) + 1 < len &&
					     (cid2gid[2 * (size_t)(hi + 1)] | cid2gid[2 * (size_t)(hi + 1) + 1]))) &&
			       !(hi + 1 >= 0xd800 && hi + 1 <= 0xdfff))
				hi++;
			int is_range = hi > lo;
			if (is_range == (pass == 1)) {
				int n = is_range ? snprintf(lines + used, sizeof(lines) - used,
							    "<%04X> <%04X> <%04X>\n", lo, hi, lo)
						 : snprintf(lines + used, sizeof(lines) - used,
							    "<%04X> <%04X>\n", lo, lo);
				used += (size_t)n;
				if (++count == 100) {
					rc |= cmap_block(out, pass ? "bfrange" : "bfchar",
							 lines, count);
					used = 0, count = 0;
				}
			}
			lo = hi + 1;
		}
		rc |= cmap_block(out, pass ? "bfrange" : "bfchar", lines, count);
		used = 0, count = 0;
	}
	rc |= tz_buf_adds(out, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
			       "end\nend\n");
	return rc ? -1 : 0;
}

static void mark(unsigned char *used, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned code = (unsigned)s[i] << 8 | s[i + 1];
		used[code >> 3] |= (unsigned char)(1u << (code & 7));
	}
}

int tz_pdfx_collect_codes(const unsigned char *s, size_t n, unsigned char *used)
{
	unsigned char str[4096];
	for (size_t i = 0; i < n; i++) {
		size_t len = 0;
		if (s[i] == '%') {
			while (i < n && s[i] != '\n' && s[i] != '\r')
				i++;
		} else if (s[i] == '<' && i + 1 < n && s[i + 1] == '<') {
			i++;
		} else if (s[i] == '<') {
			int hi = -1;
			for (i++; i < n && s[i] != '>'; i++) {
				int v = tz_hexval(s[i]);
				if (v < 0)
					continue;
				if (hi < 0) {
					hi = v;
					continue;
				}
				if (len == sizeof(str)) /* flush an even-sized chunk */
					mark(used, str, len), len = 0;
				str[len++] = (unsigned char)(hi << 4 | v);
				hi = -1;
			}
			mark(used, str, len);
		} else if (s[i] == '(') {
			int depth = 1;
			for (i++; i < n && depth > 0; i++) {
				unsigned char c = s[i];
				if (c == '\\' && i + 1 < n) {
					c = s[++i];
					if (c >= '0' && c <= '7') {
						unsigned v = 0;
						for (int k = 0; k < 3 && i < n && s[i] >= '0' && s[i] <= '7'; k++, i++)
							v = v * 8 + (unsigned)(s[i] - '0');
						i--;
						c = (unsigned char)v;
					} else if (c == 'n') {
						c = '\n';
					} else if (c == 'r') {
						c = '\r';
					} else if (c == 't') {
						c = '\t';
					} else if (c == 'b') {
						c = '\b';
					} else if (c == 'f') {
						c = '\f';
					} else if (c == '\r' || c == '\n') {
						continue; /* line continuation */
					}
				} else if (c == '(') {
					depth++;
				} else if (c == ')' && --depth == 0) {
					break;
				}
				if (len == sizeof(str))
					mark(used, str, len), len = 0;
				str[len++] = c;
			}
			mark(used, str, len);
		} else if (s[i] == 'I' && i > 0 && i + 2 < n && s[i + 1] == 'D' &&
			   (s[i - 1] == ' ' || s[i - 1] == '\n') &&
			   (s[i + 2] == ' ' || s[i + 2] == '\n' || s[i + 2] == '\r')) {
			return 1; /* inline image data: not understood, trim nothing */
		}
	}
	return 0;
}

static int is_used(const unsigned char *used, unsigned long code)
{
	return code <= 0xffff && (used[code >> 3] >> (code & 7) & 1);
}

int tz_pdfx_trim_widths(const char *w, size_t n, const unsigned char *used,
			struct tz_buf *out)
{
	/* w is the text of the /W array from '[' to the matching ']'. */
	const char *p = w + 1, *end = w + n - 1;
	unsigned long next = (unsigned long)-1; /* code after the open run */
	int rc = tz_buf_adds(out, "[");
	while (p < end && rc == 0) {
		char *e;
		while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
			p++;
		if (p >= end)
			break;
		unsigned long first = strtoul(p, &e, 10);
		if (e == p)
			return 1;
		p = e;
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p != '[')
			return 1; /* the "first last w" form: libharu does not write it */
		p++;
		for (unsigned long code = first;; code++) {
			while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
				p++;
			if (p >= end)
				return 1;
			if (*p == ']') {
				p++;
				break;
			}
			long width = strtol(p, &e, 10);
			if (e == p || (*e != ' ' && *e != ']' && *e != '\n' && *e != '\r'))
				return 1; /* not an integer */
			p = e;
			if (!is_used(used, code))
				continue;
			if (code != next)
				rc |= tz_buf_addf(out, "%s%lu [", next == (unsigned long)-1 ? " " : "] ",
						  code);
			rc |= tz_buf_addf(out, " %ld", width);
			next = code + 1;
		}
	}
	if (next != (unsigned long)-1)
		rc |= tz_buf_adds(out, " ]");
	rc |= tz_buf_adds(out, " ]");
	return rc ? -1 : 0;
}
