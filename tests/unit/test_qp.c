/*
 * test_qp.c - the quoted-printable encoder: round trip through a strict
 * decoder, lines of at most 76 characters, trailing space encoded, "=" and
 * 8-bit bytes encoded, CRLF line ends, soft breaks never inside =XX.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/qp.h"
#include "tap.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Strict decoder: returns 0 and fills out (LF line ends), -1 on any
 * violation (long line, lower-case hex, bare CR or LF, trailing space). */
static int decode(const char *q, size_t n, struct tz_buf *out)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		char c = q[i];
		if (c == '\r') {
			if (i + 1 >= n || q[i + 1] != '\n')
				return -1;
			if (i > 0 && (q[i - 1] == ' ' || q[i - 1] == '\t'))
				return -1;
			i++;
			col = 0;
			if (tz_buf_add(out, "\n", 1))
				return -1;
			continue;
		}
		if (c == '\n')
			return -1;
		if (++col > 76)
			return -1;
		if (c == '=') {
			if (i + 2 < n && q[i + 1] == '\r' && q[i + 2] == '\n') {
				i += 2;
				col = 0;
				continue;
			}
			if (i + 2 >= n || hexval(q[i + 1]) < 0 || hexval(q[i + 2]) < 0)
				return -1;
			char b = (char)(hexval(q[i + 1]) * 16 + hexval(q[i + 2]));
			col += 2;
			if (col > 76 || tz_buf_add(out, &b, 1))
				return -1;
			i += 2;
			continue;
		}
		if ((unsigned char)c > 126 || ((unsigned char)c < 33 && c != ' ' && c != '\t'))
			return -1;
		if (tz_buf_add(out, &c, 1))
			return -1;
	}
	return 0;
}

static int roundtrip(const char *in, size_t n)
{
	struct tz_buf q, d;
	int ok;
	tz_buf_init(&q, 1 << 24);
	tz_buf_init(&d, 1 << 24);
	ok = tz_qp_encode(&q, in, n) == 0 && decode(q.data, q.len, &d) == 0;
	/* the decoder turns CRLF into LF: compare against the LF form */
	if (ok) {
		struct tz_buf lf;
		tz_buf_init(&lf, 1 << 24);
		for (size_t i = 0; i < n; i++)
			if (!(in[i] == '\r' && i + 1 < n && in[i + 1] == '\n'))
				tz_buf_add(&lf, &in[i], 1);
		ok = lf.len == d.len && memcmp(lf.data, d.data, d.len) == 0;
		tz_buf_release(&lf);
	}
	tz_buf_release(&q);
	tz_buf_release(&d);
	return ok;
}

int main(void)
{
	struct tz_buf q;
	const char *s;
	char big[20000];

	CHECK(roundtrip("", 0));
	s = "Beste Renée,\n.een regel met een punt\n€ 5 = vijf euro \nslot\t\n";
	CHECK(roundtrip(s, strlen(s)));
	s = "regel met CRLF\r\neinde\r\n";
	CHECK(roundtrip(s, strlen(s)));

	tz_buf_init(&q, 4096);
	CHECK(tz_qp_encode(&q, "a = b \n", 7) == 0);
	CHECK_STR(q.data, "a =3D b=20\r\n");
	tz_buf_release(&q);

	tz_buf_init(&q, 4096);
	CHECK(tz_qp_encode(&q, "\xc3\xab", 2) == 0);
	CHECK_STR(q.data, "=C3=AB");
	tz_buf_release(&q);

	/* lines of every length around the soft-break boundary, with an =XX
	 * triple at every offset near the break */
	for (int len = 70; len <= 160; len++) {
		for (int at = 60; at < 80 && at < len; at++) {
			memset(big, 'x', (size_t)len);
			big[at] = '=';
			if (!roundtrip(big, (size_t)len)) {
				CHECK(!"round trip near a soft break");
				printf("len %d at %d\n", len, at);
				goto done;
			}
		}
	}
	/* every byte value, long lines of 8-bit text */
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7 % 256);
	CHECK(roundtrip(big, sizeof big));
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = (char)(0xc0 + i % 40);
	CHECK(roundtrip(big, sizeof big));
	for (size_t i = 0; i < sizeof big; i++)
		big[i] = i % 80 == 79 ? '\n' : ' ';
	CHECK(roundtrip(big, sizeof big));
done:
	return tap_done();
}
