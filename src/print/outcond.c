/*
 * outcond.c - the output-condition table and the profile check (see
 * outcond.h).
 *
 * Names are compared "normalised": upper case, letters and digits only, so
 * "FOGRA39L Coated" contains "FOGRA39" and "ISO Coated v2 (ECI)" contains
 * "ISOCOATEDV2". A match must not run on into another digit ("FOGRA3" is not
 * "FOGRA39"). Each table row says where its text comes from.
 */
#include "outcond.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <lcms2.h>

#include "../util/banned.h"

/* Info texts: the ICC characterization data registry (color.org). Aliases:
 * the descriptions of the widely used profiles for the same data (ECI's
 * ISO Coated v2 is built from FOGRA39, PSO Uncoated v3 from FOGRA52). */
static const struct tz_output_condition conditions[] = {
	{"FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)", "ISOCOATEDV2"},
	{"FOGRA51", "PSO Coated v3 (FOGRA51), ISO 12647-2:2013 paper type PS1",
	 "PSOCOATEDV3"},
	{"FOGRA52", "PSO Uncoated v3 (FOGRA52), ISO 12647-2:2013 paper type PS5",
	 "PSOUNCOATEDV3"},
	{"FOGRA29", "Uncoated FOGRA29 (ISO 12647-2:2004)", "ISOUNCOATED"},
};

/* Upper case, letters and digits only; a '|' keeps numbers apart that a
 * separator divided ("ISO Coated v2 300%": "ISOCOATEDV2|300"). */
static void normalise(const char *s, char *out, size_t n)
{
	size_t k = 0;
	int gap = 0;
	for (; *s && k + 2 < n; s++) {
		if (!isalnum((unsigned char)*s)) {
			gap = 1;
			continue;
		}
		if (gap && k && isdigit((unsigned char)out[k - 1]) && isdigit((unsigned char)*s))
			out[k++] = '|';
		out[k++] = (char)toupper((unsigned char)*s);
		gap = 0;
	}
	out[k] = '\0';
}

/* needle (normalised) occurs in hay (normalised), not followed by a digit
 * when it ends in one */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (!n)
		return 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		if (!(isdigit((unsigned char)needle[n - 1]) && isdigit((unsigned char)p[n])))
			return 1;
	return 0;
}

const struct tz_output_condition *tz_output_condition_find(const char *id)
{
	char a[64], b[64];
	if (!id)
		return NULL;
	normalise(id, a, sizeof(a));
	for (size_t i = 0; i < sizeof(conditions) / sizeof(conditions[0]); i++) {
		normalise(conditions[i].id, b, sizeof(b));
		if (!strcmp(a, b))
			return &conditions[i];
	}
	return NULL;
}

int tz_icc_description(const void *icc, size_t len, char *buf, size_t n)
{
	cmsHPROFILE p = cmsOpenProfileFromMem(icc, (cmsUInt32Number)len);
	buf[0] = '\0';
	if (!p)
		return -1;
	if (!cmsGetProfileInfoASCII(p, cmsInfoDescription, "en", "US", buf,
				    (cmsUInt32Number)n))
		buf[0] = '\0';
	buf[n - 1] = '\0';
	cmsCloseProfile(p);
	return 0;
}

/* Does the normalised description name the condition (id or an alias)? */
static int names(const char *desc, const char *id, const char *aliases)
{
	char want[64];
	normalise(id, want, sizeof(want));
	if (contains(desc, want))
		return 1;
	while (aliases && *aliases) {
		const char *bar = strchr(aliases, '|');
		size_t k = bar ? (size_t)(bar - aliases) : strlen(aliases);
		char one[64];
		if (k < sizeof(one)) {
			memcpy(one, aliases, k);
			one[k] = '\0';
			if (contains(desc, one))
				return 1;
		}
		aliases = bar ? bar + 1 : NULL;
	}
	return 0;
}

const struct tz_output_condition *tz_output_condition_of(const void *icc, size_t len)
{
	char desc[256], norm[256];
	if (tz_icc_description(icc, len, desc, sizeof(desc)))
		return NULL;
	normalise(desc, norm, sizeof(norm));
	for (size_t i = 0; i < sizeof(conditions) / sizeof(conditions[0]); i++)
		if (names(norm, conditions[i].id, conditions[i].aliases))
			return &conditions[i];
	return NULL;
}

int tz_output_condition_check(const char *id, const void *icc, size_t len,
			      const char *path, const char *file, long line,
			      struct tz_error *err)
{
	char desc[256], norm[256];
	const struct tz_output_condition *c = tz_output_condition_find(id);

	if (tz_icc_description(icc, len, desc, sizeof(desc)))
		return tz_error_set(err, TZ_ERR_CONTENT, file, line,
				    "not an ICC profile '%s'", path);
	if (!id || !strcmp(id, "Custom"))
		return 0;
	normalise(desc, norm, sizeof(norm));
	if (names(norm, c ? c->id : id, c ? c->aliases : NULL))
		return 0;
	return tz_error_set(err, TZ_ERR_CONTENT, file, line,
			    "output condition '%s' does not match the profile '%s', which "
			    "describes itself as '%s': name the printer's profile for %s in "
			    "icc=\"...\", or the condition the profile was made for",
			    id, path, desc[0] ? desc : "(no description)", id);
}
