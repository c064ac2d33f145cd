/*
 * qp.c - quoted-printable encoder (see qp.h). One pass, writing straight
 * into a buffer grown once to the worst case (3 bytes per byte plus soft
 * breaks), so there is no per-byte call or allocation.
 *
 * Rules: printable ASCII except '=' stays; a space or tab stays unless it
 * ends a line; everything else becomes =XX; a line longer than 76
 * characters gets a soft break "=" CRLF, never inside an =XX triple.
 */
#include "qp.h"

#include "../util/banned.h"

static const char hexdig[] = "0123456789ABCDEF";

int tz_qp_encode(struct tz_buf *out, const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t worst = len * 3 + (len / 24 + 2) * 3 + 2;
	char *w;
	size_t col = 0;

	if (tz_buf_grow(out, worst))
		return -1;
	w = out->data + out->len;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		int at_eol;
		/* fast path: a plain character with room left on the line */
		if (c >= 33 && c <= 126 && c != '=' && col < 75) {
			*w++ = (char)c;
			col++;
			continue;
		}
		at_eol = i + 1 == len || s[i + 1] == '\n' ||
			     (s[i + 1] == '\r' && i + 2 < len && s[i + 2] == '\n');
		size_t need;
		if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue; /* CRLF: the LF writes the break */
		if (c == '\n') {
			*w++ = '\r';
			*w++ = '\n';
			col = 0;
			continue;
		}
		if ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !at_eol))
			need = 1;
		else
			need = 3;
		/* room for this, and for a soft break "=" unless the line ends here */
		if (col + need > (at_eol ? 76 : 75)) {
			*w++ = '=';
			*w++ = '\r';
			*w++ = '\n';
			col = 0;
		}
		if (need == 1)
			*w++ = (char)c;
		else {
			*w++ = '=';
			*w++ = hexdig[c >> 4];
			*w++ = hexdig[c & 15];
		}
		col += need;
	}
	out->len = (size_t)(w - out->data);
	out->data[out->len] = 0;
	return 0;
}
