/*
 * test_mime.c - one message: header set, RFC 2047 subject and names,
 * multipart/alternative text then html, quoted-printable bodies, CR/LF in
 * header values refused, unique Message-IDs. (The e2e tests parse the same
 * messages with Python's email package.)
 */
#include <string.h>

#include "mail/mime.h"
#include "mail/rfc2047.h"
#include "tap.h"

static struct tz_mail_msg sample(void)
{
	struct tz_mail_msg m = {0};
	m.from_name = "TechZine";
	m.from_addr = "nieuwsbrief@dutchtechzone.example";
	m.reply_to = "redactie@dutchtechzone.example";
	m.to_name = "Renée de Vries";
	m.to_addr = "renee.devries@example.nl";
	m.subject = "TechZine december: Drënthe investeert € 5 miljoen";
	m.list_id = "techzine.dutchtechzone.example";
	m.unsub_url = "https://dutchtechzone.example/u/?t=abc";
	m.unsub_mailto = "mailto:afmelden@dutchtechzone.example?subject=unsubscribe-abc";
	m.msgid_domain = "dutchtechzone.example";
	m.date = 1795410000;
	m.text = "Beste Renée,\n.een regel met een punt\nGroeten\n";
	m.text_len = strlen(m.text);
	m.html = "<p>Beste Ren&eacute;e,</p>\n<p>€ 5</p>\n";
	m.html_len = strlen(m.html);
	return m;
}

static const char *header(const char *msg, const char *name, char *val, size_t n)
{
	size_t nl = strlen(name);
	const char *p = msg;
	while (p && *p && !(p[0] == '\r' && p[1] == '\n')) {
		if (strncmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *e = p + nl + 1;
			size_t k = 0;
			while (*e == ' ')
				e++;
			/* unfolded copy */
			while (*e && !(e[0] == '\r' && e[1] == '\n' && e[2] != ' ')) {
				if (e[0] == '\r' && e[1] == '\n')
					e += 2;
				else if (k + 1 < n)
					val[k++] = *e++;
				else
					e++;
			}
			val[k] = 0;
			return val;
		}
		p = strstr(p, "\r\n");
		if (p)
			p += 2;
	}
	return NULL;
}

int main(void)
{
	struct tz_mail_msg m = sample();
	struct tz_buf b, dec;
	struct tz_error err;
	char id1[256], id2[256], v[1024];
	const char *plain, *html, *body;

	tz_buf_init(&b, 0);
	tz_buf_init(&dec, 0);
	CHECK(tz_mime_build(&m, &b, id1, sizeof id1, &err) == 0);
	body = strstr(b.data, "\r\n\r\n");
	CHECK(body != NULL);
	CHECK(header(b.data, "Subject", v, sizeof v) != NULL);
	CHECK(tz_rfc2047_decode(&dec, v) == 0);
	CHECK_STR(dec.data, m.subject);
	tz_buf_reset(&dec);
	CHECK(header(b.data, "To", v, sizeof v) != NULL);
	CHECK(strstr(v, "<renee.devries@example.nl>") != NULL);
	CHECK(tz_rfc2047_decode(&dec, v) == 0);
	CHECK_STR(dec.data, "Renée de Vries <renee.devries@example.nl>");
	CHECK(header(b.data, "From", v, sizeof v) &&
	      strcmp(v, "TechZine <nieuwsbrief@dutchtechzone.example>") == 0);
	CHECK(header(b.data, "List-Unsubscribe", v, sizeof v) &&
	      strcmp(v, "<https://dutchtechzone.example/u/?t=abc>, "
			"<mailto:afmelden@dutchtechzone.example?subject=unsubscribe-abc>") == 0);
	CHECK(header(b.data, "List-Unsubscribe-Post", v, sizeof v) &&
	      strcmp(v, "List-Unsubscribe=One-Click") == 0);
	CHECK(header(b.data, "List-Id", v, sizeof v) &&
	      strcmp(v, "<techzine.dutchtechzone.example>") == 0);
	CHECK(header(b.data, "Precedence", v, sizeof v) && strcmp(v, "bulk") == 0);
	CHECK(header(b.data, "Date", v, sizeof v) &&
	      strcmp(v, "Mon, 10 Nov 2026 03:40:00 +0000") != 0 && strlen(v) > 20);
	CHECK(header(b.data, "Message-ID", v, sizeof v) && strcmp(v, id1) == 0);
	CHECK(strstr(id1, "@dutchtechzone.example>") != NULL);
	CHECK(header(b.data, "Content-Type", v, sizeof v) &&
	      strncmp(v, "multipart/alternative", 21) == 0 && strstr(v, "boundary="));
	/* text/plain before text/html, both QP */
	plain = strstr(b.data, "Content-Type: text/plain; charset=\"utf-8\"");
	html = strstr(b.data, "Content-Type: text/html; charset=\"utf-8\"");
	CHECK(plain && html && plain < html);
	CHECK(strstr(b.data, "Content-Transfer-Encoding: quoted-printable") != NULL);
	CHECK(strstr(b.data, "Beste Ren=C3=A9e,") != NULL);
	CHECK(strstr(b.data, "=E2=82=AC 5") != NULL);
	/* no bare LF, no line over 998 */
	{
		int bare = 0, longl = 0;
		size_t col = 0;
		for (size_t i = 0; i < b.len; i++) {
			if (b.data[i] == '\n' && (i == 0 || b.data[i - 1] != '\r'))
				bare = 1;
			col = b.data[i] == '\n' ? 0 : col + 1;
			if (col > 998)
				longl = 1;
		}
		CHECK(!bare && !longl);
	}
	/* Message-IDs differ from message to message */
	tz_buf_reset(&b);
	CHECK(tz_mime_build(&m, &b, id2, sizeof id2, &err) == 0);
	CHECK(strcmp(id1, id2) != 0);

	/* CR/LF anywhere in a header value: refused, nothing written */
	{
		const char *bad[] = {"Renée\r\nBcc: x@evil.example", "a\nb", "tab\tname"};
		for (size_t i = 0; i < 3; i++) {
			struct tz_mail_msg e = sample();
			tz_buf_reset(&b);
			e.to_name = bad[i];
			CHECK(tz_mime_build(&e, &b, id2, sizeof id2, &err) == -1);
			CHECK(b.len == 0);
			e = sample();
			e.subject = bad[i];
			CHECK(tz_mime_build(&e, &b, id2, sizeof id2, &err) == -1);
			e = sample();
			e.unsub_url = "https://x.example/\r\nBcc: y";
			CHECK(tz_mime_build(&e, &b, id2, sizeof id2, &err) == -1);
			e = sample();
			e.to_addr = "a@b.example\r\nBcc: y@z.example";
			CHECK(tz_mime_build(&e, &b, id2, sizeof id2, &err) == -1);
			CHECK(b.len == 0);
		}
	}
	/* address parsing */
	{
		char name[256], addr[256];
		CHECK(tz_mail_split_address("TechZine <nieuwsbrief@x.example>", name, addr, 256) == 0);
		CHECK_STR(name, "TechZine");
		CHECK_STR(addr, "nieuwsbrief@x.example");
		CHECK(tz_mail_split_address("\"Tech, Zine\" <a@x.example>", name, addr, 256) == 0);
		CHECK_STR(name, "Tech, Zine");
		CHECK(tz_mail_split_address("a@x.example", name, addr, 256) == 0 && !name[0]);
		CHECK(tz_mail_split_address("a@x.example\r\nBcc: b@y", name, addr, 256) == -1);
		CHECK(tz_mail_split_address("no-at-sign", name, addr, 256) == -1);
		CHECK(tz_mail_split_address("A <a@x.example> trailing", name, addr, 256) == -1);
		CHECK(!tz_mail_address_ok("a b@x.example"));
		CHECK(!tz_mail_address_ok("a@@x.example"));
		CHECK(tz_mail_address_ok("bounce+abc_12@bounces.example"));
	}
	/* embedded images: the HTML inside multipart/related, then the image
	 * parts with their Content-IDs, base64 by libetpan */
	{
		struct tz_mime_image im[2] = {
			{NULL, (char *)"img1.x@dutchtechzone.example", "image/png", (char *)"a.png",
			 (char *)"\x89PNG\r\n\x1a\n", 8},
			{NULL, (char *)"img2.x@dutchtechzone.example", "image/jpeg", (char *)"b.jpg",
			 (char *)"\xff\xd8\xff\xe0JFIF", 8}};
		struct tz_mime_skel sk;
		const char *alt, *rel, *h, *i1, *i2, *end;
		CHECK(tz_mime_skel_init(&sk, im, 2, &err) == 0);
		m = sample();
		m.skel = &sk;
		tz_buf_reset(&b);
		CHECK(tz_mime_build(&m, &b, id2, sizeof id2, &err) == 0);
		alt = strstr(b.data, "Content-Type: multipart/alternative;");
		plain = strstr(b.data, "Content-Type: text/plain;");
		rel = strstr(b.data, "Content-Type: multipart/related;");
		h = strstr(b.data, "Content-Type: text/html;");
		i1 = strstr(b.data, "Content-ID: <img1.x@dutchtechzone.example>");
		i2 = strstr(b.data, "Content-ID: <img2.x@dutchtechzone.example>");
		CHECK(alt && plain && rel && h && i1 && i2);
		CHECK(alt < plain && plain < rel && rel < h && h < i1 && i1 < i2);
		CHECK(rel && strstr(rel, "type=\"text/html\"") && strstr(rel, "type=\"text/html\"") < h);
		CHECK(strstr(b.data, "Content-Type: image/png") != NULL);
		CHECK(strstr(b.data, "iVBORw0KGgo=") != NULL); /* base64 of the PNG magic */
		CHECK(strstr(b.data, "Content-Disposition: inline; filename=\"b.jpg\"") != NULL);
		/* two distinct boundaries, each closed once at the end */
		end = b.data + b.len;
		CHECK(b.len > 8 && memcmp(end - 2, "\r\n", 2) == 0 && strstr(b.data, "--\r\n") != NULL);
		CHECK(strstr(b.data, "multipart/mixed") == NULL);
		tz_mime_skel_release(&sk);
	}
	tz_buf_release(&b);
	tz_buf_release(&dec);
	return tap_done();
}
