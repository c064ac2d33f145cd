/*
 * format.c - labels, dates and numbers per language (see format.h).
 */
#include "format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/banned.h"

static const struct tz_labels labels_nl = {
	"Lees verder", "Agenda", "Kerncijfers", "Parel van de regio", "Beste", "lezer",
	"Bekijk in de browser", "Afmelden", "Voorkeuren wijzigen", "Nummer",
	"Aanmelden", "medewerkers", "opgericht", "Links", "Terug naar het overzicht",
	"Inhoud",
	{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	 "september", "oktober", "november", "december"},
};

static const struct tz_labels labels_en = {
	"Read more", "Events", "Key figures", "Gem of the region", "Dear", "reader",
	"View in your browser", "Unsubscribe", "Change preferences", "Issue",
	"Register", "employees", "founded", "Links", "Back to the overview",
	"Contents",
	{"January", "February", "March", "April", "May", "June", "July", "August",
	 "September", "October", "November", "December"},
};

const struct tz_labels *tz_labels_for(const char *lang)
{
	return lang && !strcmp(lang, "en") ? &labels_en : &labels_nl;
}

const char *tz_section_title(const char *title, const char *lang)
{
	static const char *const map[][2] = {
		{"Nieuws", "News"}, {"Agenda", "Events"}, {"Cijfers", "Figures"},
		{"Kerncijfers", "Key figures"}, {"Parel", "Gem of the region"},
		{"Parel van de regio", "Gem of the region"}, {"Parels", "Gems of the region"},
		{"Interview", "Interview"}, {"Column", "Column"}, {"Onderwijs", "Education"},
		{"Werk", "Jobs"}, {"Innovatie", "Innovation"}, {"Achtergrond", "Background"},
		{"Bedrijven", "Companies"}, {"Bedrijfsleven", "Business"}, {"Regio", "Region"},
		{"Energie", "Energy"}, {"Economie", "Economy"}, {"Evenementen", "Events"},
		{"Uitgelicht", "Featured"}, {"Talent", "Talent"}, {"Arbeidsmarkt", "Labour market"},
		{"In het kort", "In brief"}, {"Kort nieuws", "News in brief"},
		{"Voorwoord", "Foreword"},
		{"De stand van de regio", "The state of the region"},
	};
	if (!title || !lang || strcmp(lang, "en") != 0)
		return title;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], title))
			return map[i][1];
	return title;
}

int tz_format_date(struct tz_buf *b, const char *iso, const char *lang)
{
	const struct tz_labels *l = tz_labels_for(lang);
	long y, m, d;
	char *end;

	if (!iso)
		return 0;
	if (strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
		return tz_buf_adds(b, iso);
	y = strtol(iso, &end, 10);
	m = strtol(iso + 5, &end, 10);
	d = strtol(iso + 8, &end, 10);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return tz_buf_adds(b, iso);
	return tz_buf_addf(b, "%ld %s %ld", d, l->months[m - 1], y);
}

int tz_format_number(struct tz_buf *b, const char *decimal, const char *lang)
{
	int en = lang && !strcmp(lang, "en");
	const char *p = decimal, *dot;
	size_t ndigits;

	if (!p)
		return 0;
	if (*p == '-' || *p == '+') {
		if (*p == '-' && tz_buf_addc(b, '-'))
			return -1;
		p++;
	}
	dot = strchr(p, '.');
	ndigits = dot ? (size_t)(dot - p) : strlen(p);
	for (size_t i = 0; i < ndigits; i++) {
		if (i && (ndigits - i) % 3 == 0 && tz_buf_addc(b, en ? ',' : '.'))
			return -1;
		if (tz_buf_addc(b, p[i]))
			return -1;
	}
	if (dot && dot[1])
		return tz_buf_addc(b, en ? '.' : ',') || tz_buf_adds(b, dot + 1) ? -1 : 0;
	return 0;
}

int tz_keyfigures_comparable(const struct tz_block *b)
{
	for (size_t i = 1; i < b->nfigures; i++) {
		const char *a = b->figures[0].unit, *u = b->figures[i].unit;
		if ((a == NULL) != (u == NULL) || (a && strcmp(a, u) != 0))
			return 0;
	}
	return b->nfigures > 1;
}

void tz_format_list_number(long n, int depth, char *buf, size_t size)
{
	static const struct {
		int value;
		const char *digits;
	} roman[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
		     {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
		     {5, "v"},    {4, "iv"},   {1, "i"}};
	char tmp[24];
	size_t len = 0;

	if (depth == 2 && n >= 1 && n <= 18278) { /* a..z, aa..zz, aaa..zzz */
		char rev[4];
		size_t k = 0;
		for (long v = n; v > 0 && k < sizeof(rev); v = (v - 1) / 26)
			rev[k++] = (char)('a' + (v - 1) % 26);
		while (k)
			tmp[len++] = rev[--k];
	} else if (depth == 3 && n >= 1 && n < 4000) {
		long v = n;
		for (size_t r = 0; r < sizeof(roman) / sizeof(roman[0]); r++)
			for (; v >= roman[r].value; v -= roman[r].value)
				for (const char *d = roman[r].digits; *d; d++)
					tmp[len++] = *d; /* at most 15 letters (3888) */
	} else {
		len = (size_t)snprintf(tmp, sizeof(tmp) - 1, "%ld", n);
		if (len >= sizeof(tmp) - 1)
			len = sizeof(tmp) - 2;
	}
	tmp[len++] = '.';
	tmp[len] = '\0';
	snprintf(buf, size, "%s", tmp);
}
