/*
 * address.c - address normalisation (see address.h); IDN through libidn2
 * (UTS #46 non-transitional, as browsers and mail providers do today).
 */
#include "address.h"

#include <idn2.h>
#include <stdio.h>
#include <string.h>

#include "../util/banned.h"

static int atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static int ldh(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

static int is_space_at(const char *s, size_t *w)
{
	const unsigned char *u = (const unsigned char *)s;
	if (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n') {
		*w = 1;
		return 1;
	}
	if (u[0] == 0xC2 && u[1] == 0xA0) { /* no-break space, common in spreadsheets */
		*w = 2;
		return 1;
	}
	if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x8B || u[2] == 0xAF)) { /* ZWSP, NNBSP */
		*w = 3;
		return 1;
	}
	return 0;
}

static const char *check_domain(const char *d)
{
	size_t label = 0, labels = 1;
	const char *last = d;
	if (!*d)
		return "nothing after '@'";
	if (strlen(d) > 253)
		return "domain longer than 253 characters";
	for (const char *p = d; *p; p++) {
		if (*p == '.') {
			if (!label)
				return "empty label in the domain (\"..\" or a dot at an end)";
			if (p[-1] == '-')
				return "a domain label ends with '-'";
			label = 0;
			labels++;
			last = p + 1;
			continue;
		}
		if (!ldh((unsigned char)*p))
			return "character not allowed in a domain";
		if (!label && *p == '-')
			return "a domain label starts with '-'";
		if (++label > 63)
			return "a domain label is longer than 63 characters";
	}
	if (!label)
		return "empty label in the domain (\"..\" or a dot at an end)";
	if (labels < 2)
		return "domain has no dot";
	if (strncmp(last, "xn--", 4) != 0)
		for (const char *p = last; *p; p++)
			if (*p >= '0' && *p <= '9')
				return "top-level domain is not a name";
	return NULL;
}

int tz_address_normalise(const char *s, char *out, const char **why)
{
	char buf[1024], *at, *dom;
	size_t len, w;
	int ascii = 1;

	while (*s && is_space_at(s, &w))
		s += w;
	len = strlen(s);
	while (len) {
		size_t k = len > 3 ? 3 : len, found = 0;
		for (size_t b = 1; b <= k && !found; b++)
			if (is_space_at(s + len - b, &w) && w == b)
				found = b;
		if (!found)
			break;
		len -= found;
	}
	if (len >= 7 && strncasecmp(s, "mailto:", 7) == 0)
		s += 7, len -= 7;
	if (len >= 2 && s[0] == '<' && s[len - 1] == '>')
		s++, len -= 2;
	if (!len) {
		*why = "empty address";
		return -1;
	}
	if (len >= sizeof buf) {
		*why = "address longer than 254 characters";
		return -1;
	}
	memcpy(buf, s, len);
	buf[len] = 0;
	at = strrchr(buf, '@');
	if (!at) {
		*why = "no '@'";
		return -1;
	}
	if (strchr(buf, '@') != at) {
		*why = buf[0] == '"' ? "quoted local part (not supported)" : "more than one '@'";
		return -1;
	}
	*at = 0;
	dom = at + 1;
	if (!buf[0]) {
		*why = "nothing before '@'";
		return -1;
	}
	if (strlen(buf) > 64) {
		*why = "the part before '@' is longer than 64 characters";
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)buf; *p; p++) {
		if (*p >= 0x80) {
			*why = "non-ASCII before '@' (needs SMTPUTF8, not supported)";
			return -1;
		}
		if (*p == '"') {
			*why = "quoted local part (not supported)";
			return -1;
		}
		if (*p == '.' && (p == (const unsigned char *)buf || !p[1] || p[1] == '.')) {
			*why = "misplaced '.' before '@'";
			return -1;
		}
		if (*p != '.' && !atext(*p)) {
			*why = "character not allowed before '@'";
			return -1;
		}
	}
	if (dom[0] == '[') {
		*why = "domain literal (an IP address) not accepted";
		return -1;
	}
	for (char *p = dom; *p; p++) {
		if ((unsigned char)*p >= 0x80)
			ascii = 0;
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	if (!ascii) {
		char *puny = NULL;
		int rc = idn2_to_ascii_8z(dom, &puny, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK || !puny || strlen(puny) >= sizeof buf - (size_t)(dom - buf)) {
			idn2_free(puny);
			*why = "domain is not a valid internationalised domain name";
			return -1;
		}
		memcpy(dom, puny, strlen(puny) + 1);
		idn2_free(puny);
		for (char *p = dom; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	if ((*why = check_domain(dom)))
		return -1;
	if (strlen(buf) + 1 + strlen(dom) > 254) {
		*why = "address longer than 254 characters";
		return -1;
	}
	len = strlen(buf);
	memcpy(out, buf, len);
	out[len] = '@';
	memcpy(out + len + 1, dom, strlen(dom) + 1);
	return 0;
}

void tz_address_key(const char *addr, char *out)
{
	size_t i = 0;
	for (; i < TZ_ADDRESS_MAX - 1 && addr[i]; i++)
		out[i] = (addr[i] >= 'A' && addr[i] <= 'Z') ? (char)(addr[i] - 'A' + 'a') : addr[i];
	out[i] = 0;
}

void tz_address_mask(const char *addr, char *out, size_t n)
{
	const char *at = strrchr(addr, '@'), *dot = at ? strrchr(at, '.') : NULL;
	size_t k = 0;
	if (!n)
		return;
	if (!at || !dot || at == addr) {
		snprintf(out, n, "***");
		return;
	}
	k = (size_t)snprintf(out, n, "%c***@%c***%s", addr[0], at[1], dot);
	(void)k;
}
