/*
 * import.c - spreadsheet exports into a list (see import.h). Column names
 * are matched after folding case and dropping spaces, '-', '_' and '.', so
 * "E-mailadres", "e-mail adres" and "EmailAdres" are one header.
 */
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "csv.h"
#include "../mail/mime.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/banned.h"

enum { H_FIRST = 100, H_MIDDLE, H_LAST };

static const struct {
	const char *name;
	int field;
} headers[] = {
	{"email", TZ_F_EMAIL}, {"emailadres", TZ_F_EMAIL}, {"emailaddress", TZ_F_EMAIL},
	{"mail", TZ_F_EMAIL}, {"mailadres", TZ_F_EMAIL}, {"emailadress", TZ_F_EMAIL},
	{"name", TZ_F_NAME}, {"naam", TZ_F_NAME}, {"volledigenaam", TZ_F_NAME},
	{"fullname", TZ_F_NAME}, {"contactpersoon", TZ_F_NAME},
	{"voornaam", H_FIRST}, {"firstname", H_FIRST}, {"givenname", H_FIRST},
	{"tussenvoegsel", H_MIDDLE}, {"tussenvoegsels", H_MIDDLE},
	{"achternaam", H_LAST}, {"lastname", H_LAST}, {"surname", H_LAST},
	{"familienaam", H_LAST},
	{"language", TZ_F_LANGUAGE}, {"taal", TZ_F_LANGUAGE}, {"lang", TZ_F_LANGUAGE},
	{"voorkeurstaal", TZ_F_LANGUAGE},
	{"municipality", TZ_F_MUNICIPALITY}, {"gemeente", TZ_F_MUNICIPALITY},
	{"interests", TZ_F_INTERESTS}, {"interesses", TZ_F_INTERESTS},
	{"interesse", TZ_F_INTERESTS}, {"segments", TZ_F_INTERESTS},
	{"segmenten", TZ_F_INTERESTS}, {"onderwerpen", TZ_F_INTERESTS},
	{"topics", TZ_F_INTERESTS}, {"tags", TZ_F_INTERESTS},
	{"status", TZ_F_STATUS},
	{"consentdate", TZ_F_CONSENT_DATE}, {"datumtoestemming", TZ_F_CONSENT_DATE},
	{"toestemmingsdatum", TZ_F_CONSENT_DATE}, {"toestemmingdatum", TZ_F_CONSENT_DATE},
	{"aangemeldop", TZ_F_CONSENT_DATE}, {"inschrijfdatum", TZ_F_CONSENT_DATE},
	{"aanmelddatum", TZ_F_CONSENT_DATE}, {"datumaanmelding", TZ_F_CONSENT_DATE},
	{"signupdate", TZ_F_CONSENT_DATE}, {"subscribedon", TZ_F_CONSENT_DATE},
	{"consentsource", TZ_F_CONSENT_SOURCE}, {"bron", TZ_F_CONSENT_SOURCE},
	{"brontoestemming", TZ_F_CONSENT_SOURCE}, {"toestemmingsbron", TZ_F_CONSENT_SOURCE},
	{"herkomst", TZ_F_CONSENT_SOURCE}, {"source", TZ_F_CONSENT_SOURCE},
	{"lastchange", TZ_F_LAST_CHANGE}, {"laatstgewijzigd", TZ_F_LAST_CHANGE},
	{"gewijzigdop", TZ_F_LAST_CHANGE},
};

int tz_import_header_field(const char *h)
{
	char k[64];
	size_t n = 0;
	for (; *h && n + 1 < sizeof k; h++) {
		char c = *h;
		if (c == ' ' || c == '-' || c == '_' || c == '.' || c == '\t')
			continue;
		k[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	k[n] = 0;
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		if (strcmp(k, headers[i].name) == 0)
			return headers[i].field;
	return -1;
}

/* A number of 1 to 4 digits at *p. */
static int number(const char **p, int *out)
{
	char *end;
	long v;
	if (**p < '0' || **p > '9')
		return -1;
	v = strtol(*p, &end, 10);
	if (end - *p > 4)
		return -1;
	*out = (int)v;
	*p = end;
	return 0;
}

int tz_import_date(const char *s, char out[11])
{
	int a, b, c;
	char s1, s2;
	while (*s == ' ')
		s++;
	if (number(&s, &a) || !*s || !strchr("-/.", *s))
		return -1;
	s1 = *s++;
	if (number(&s, &b) || !*s || !strchr("-/.", *s))
		return -1;
	s2 = *s++;
	if (s1 != s2 || number(&s, &c))
		return -1;
	if (*s && *s != ' ' && *s != 'T')
		return -1;
	if (a >= 1900) { /* Y-M-D */
		int t = a;
		a = c;
		c = t;
	}
	/* now a is the day, b the month, c the year (Dutch order D-M-Y) */
	{
		static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		if (c < 1900 || c > 2999 || b < 1 || b > 12 || a < 1 || a > mdays[b - 1])
			return -1;
		if (b == 2 && a == 29 && !((c % 4 == 0 && c % 100 != 0) || c % 400 == 0))
			return -1;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)c % 10000u, (unsigned)b % 100u,
		 (unsigned)a % 100u);
	return 0;
}

static const char *map_language(const char *v)
{
	static const char *const nl[] = {"nl", "nederlands", "dutch", "nl-nl", "nl_nl", "nld"};
	static const char *const en[] = {"en", "english", "engels", "en-gb", "en-us", "en_gb",
					 "en_us", "eng"};
	if (!*v)
		return "";
	for (size_t i = 0; i < sizeof nl / sizeof *nl; i++)
		if (strcasecmp(v, nl[i]) == 0)
			return "nl";
	for (size_t i = 0; i < sizeof en / sizeof *en; i++)
		if (strcasecmp(v, en[i]) == 0)
			return "en";
	return NULL;
}

static enum tz_status map_status(const char *v)
{
	static const char *const act[] = {"", "active", "actief", "ja", "yes", "subscribed",
					  "aangemeld", "ingeschreven"};
	static const char *const uns[] = {"unsubscribed", "afgemeld", "uitgeschreven"};
	for (size_t i = 0; i < sizeof act / sizeof *act; i++)
		if (strcasecmp(v, act[i]) == 0)
			return TZ_ST_ACTIVE;
	for (size_t i = 0; i < sizeof uns / sizeof *uns; i++)
		if (strcasecmp(v, uns[i]) == 0)
			return TZ_ST_UNSUBSCRIBED;
	if (strcasecmp(v, "bounced") == 0)
		return TZ_ST_BOUNCED;
	if (strcasecmp(v, "complained") == 0 || strcasecmp(v, "klacht") == 0)
		return TZ_ST_COMPLAINED;
	return TZ_ST_BAD;
}

#define MAX_INTERESTS 64

/* Interests "a, b;c|a" -> "a;b;c" (trimmed, case-insensitive duplicates out);
 * items of base come first (the union of two cells). The duplicate check
 * is quadratic, so a cell may hold at most MAX_INTERESTS items (-2). */
static int join_interests(const char *base, const char *add, struct tz_buf *out)
{
	const char *srcs[2] = {base, add};
	size_t items = 0, kept = 0;
	for (int k = 0; k < 2; k++) {
		for (const char *p = srcs[k]; p && *p;) {
			size_t len = strcspn(p, ",;|");
			const char *t = p;
			while (len && (*t == ' ' || *t == '\t'))
				t++, len--;
			while (len && (t[len - 1] == ' ' || t[len - 1] == '\t'))
				len--;
			if (len) {
				int dup = 0;
				if (++items > (size_t)2 * MAX_INTERESTS)
					return -2;
				for (const char *q = out->data; *q && !dup;) {
					size_t ql = strcspn(q, ";");
					dup = ql == len && strncasecmp(q, t, len) == 0;
					q += ql + (q[ql] == ';');
				}
				if (!dup && ((out->len && tz_buf_addc(out, ';')) || tz_buf_add(out, t, len)))
					return -1;
				if (!dup && out->len && ++kept > MAX_INTERESTS)
					return -2;
			}
			p += strcspn(p, ",;|");
			if (*p)
				p++;
		}
	}
	return 0;
}

/* Addresses seen earlier in this file: key -> line (a small open hash). */
struct seen {
	char **keys;
	long *lines;
	size_t n, cap;
};

static size_t seen_hash(const char *k)
{
	size_t h = 5381;
	for (; *k; k++)
		h = h * 33 + (unsigned char)*k;
	return h;
}

static long *seen_slot(struct seen *s, const char *key, int insert, long line)
{
	size_t mask;
	if (insert && (s->n + 1) * 2 > s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 1024;
		char **ok = s->keys;
		long *ol = s->lines;
		size_t ocap = s->cap;
		s->keys = tz_calloc(ncap, sizeof *s->keys);
		s->lines = tz_calloc(ncap, sizeof *s->lines);
		if (!s->keys || !s->lines) {
			free(s->keys);
			free(s->lines);
			s->keys = ok;
			s->lines = ol;
			return NULL;
		}
		s->cap = ncap;
		s->n = 0;
		for (size_t i = 0; i < ocap; i++)
			if (ok[i]) {
				size_t j = seen_hash(ok[i]) & (ncap - 1);
				while (s->keys[j])
					j = (j + 1) & (ncap - 1);
				s->keys[j] = ok[i];
				s->lines[j] = ol[i];
				s->n++;
			}
		free(ok);
		free(ol);
	}
	if (!s->cap)
		return NULL;
	mask = s->cap - 1;
	for (size_t i = seen_hash(key) & mask;; i = (i + 1) & mask) {
		if (s->keys[i] && strcmp(s->keys[i], key) == 0)
			return &s->lines[i];
		if (!s->keys[i]) {
			if (!insert)
				return NULL;
			if (!(s->keys[i] = tz_strdup(key)))
				return NULL;
			s->lines[i] = line;
			s->n++;
			return &s->lines[i];
		}
	}
}

static void seen_release(struct seen *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->lines);
}

void tz_import_report_init(struct tz_import_report *r)
{
	memset(r, 0, sizeof *r);
	tz_diags_init(&r->lines);
	r->lines.max = 100000;
}

void tz_import_report_release(struct tz_import_report *r)
{
	tz_diags_release(&r->lines);
}

struct row {
	char email[TZ_ADDRESS_MAX];
	const char *v[TZ_F_COUNT];
	char date[11];
	enum tz_status status;
	struct tz_buf name, interests;
	const char *folded; /* a field whose line breaks were folded, or NULL */
	const char *folded_value;
};

#define SAY(sev, ...) tz_diags_add(&rep->lines, sev, o->file, r->line, __VA_ARGS__)

/* Read the cells of one record into row; a reason when it is rejected. */
static const char *read_row(const struct tz_csv_record *r, const int *map, size_t ncols,
			    const struct tz_import_options *o, struct row *w)
{
	const char *first = "", *middle = "", *last = "", *why;
	static char reason[600];
	for (int f = 0; f < TZ_F_COUNT; f++)
		w->v[f] = "";
	w->folded = NULL;
	/* a line break inside a cell (Alt+Enter in a spreadsheet) is a
	 * formatting accident, not a reason to lose a reader: one space */
	for (size_t c = 0; c < r->nf && c < ncols; c++)
		if ((map[c] >= TZ_F_NAME || map[c] == H_FIRST || map[c] == H_MIDDLE ||
		     map[c] == H_LAST) && tz_csv_fold_breaks(r->f[c]) && !w->folded) {
			w->folded = map[c] >= TZ_F_NAME && map[c] < TZ_F_COUNT
					    ? tz_field_names[map[c]] : "name";
			w->folded_value = r->f[c];
		}
	for (size_t c = 0; c < r->nf && c < ncols; c++) {
		if (map[c] >= 0 && map[c] < TZ_F_COUNT && !*w->v[map[c]])
			w->v[map[c]] = r->f[c];
		else if (map[c] == H_FIRST)
			first = r->f[c];
		else if (map[c] == H_MIDDLE)
			middle = r->f[c];
		else if (map[c] == H_LAST)
			last = r->f[c];
	}
	for (size_t c = ncols; c < r->nf; c++)
		if (r->f[c][0]) /* a trailing empty field (x;y;) is harmless */
			break;
		else if (c + 1 == r->nf)
			ncols = r->nf;
	if (r->nf > ncols) {
		snprintf(reason, sizeof reason,
			 "%zu fields but the header has %zu (an unquoted separator in a value?)",
			 r->nf, ncols);
		return reason;
	}
	if (tz_address_normalise(w->v[TZ_F_EMAIL], w->email, &why)) {
		snprintf(reason, sizeof reason, "invalid address '%.200s': %s", w->v[TZ_F_EMAIL], why);
		return reason;
	}
	if (!*w->v[TZ_F_NAME] && (*first || *last)) {
		const char *parts[3] = {first, middle, last};
		for (int i = 0; i < 3; i++)
			if (*parts[i] && ((w->name.len && tz_buf_addc(&w->name, ' ')) ||
					  tz_buf_adds(&w->name, parts[i])))
				return "out of memory";
		w->v[TZ_F_NAME] = w->name.data;
	}
	for (int f = TZ_F_NAME; f < TZ_F_COUNT; f++)
		if (*w->v[f] && !tz_mail_header_value_ok(w->v[f])) {
			snprintf(reason, sizeof reason, "%s has a control character (line break?)",
				 tz_field_names[f]);
			return reason;
		}
	{
		const char *lang = map_language(w->v[TZ_F_LANGUAGE]);
		if (!lang) {
			snprintf(reason, sizeof reason, "unknown language '%.100s' (nl or en)",
				 w->v[TZ_F_LANGUAGE]);
			return reason;
		}
		w->v[TZ_F_LANGUAGE] = lang;
	}
	if ((w->status = map_status(w->v[TZ_F_STATUS])) == TZ_ST_BAD) {
		snprintf(reason, sizeof reason, "unknown status '%.100s'", w->v[TZ_F_STATUS]);
		return reason;
	}
	if (*w->v[TZ_F_CONSENT_DATE]) {
		if (tz_import_date(w->v[TZ_F_CONSENT_DATE], w->date)) {
			snprintf(reason, sizeof reason, "consent date '%.100s' is not a date",
				 w->v[TZ_F_CONSENT_DATE]);
			return reason;
		}
	} else if (o->consent_date)
		memcpy(w->date, o->consent_date, 11);
	else
		w->date[0] = 0; /* a new subscriber without one is rejected in apply() */
	tz_buf_reset(&w->interests);
	switch (join_interests(w->v[TZ_F_INTERESTS], NULL, &w->interests)) {
	case 0:
		break;
	case -2:
		snprintf(reason, sizeof reason, "more than %d interests", MAX_INTERESTS);
		return reason;
	default:
		return "out of memory";
	}
	w->v[TZ_F_INTERESTS] = w->interests.data;
	return NULL;
}

static int set_if(struct tz_list *l, struct tz_sub *s, enum tz_field f, const char *v, int *changed)
{
	if (!*v || strcmp(tz_sub_get(l, s, f), v) == 0)
		return 0;
	*changed = 1;
	return tz_sub_set(l, s, f, v);
}

static int apply(struct tz_list *l, struct tz_suppression *s, const struct tz_csv_record *r,
		 struct row *w, const struct tz_import_options *o, struct seen *seen,
		 const char *source, struct tz_import_report *rep)
{
	char key[TZ_ADDRESS_MAX], today[11];
	const struct tz_supp_entry *se = tz_suppression_find(s, w->email);
	struct tz_sub *sub = tz_list_find(l, w->email);
	long *first;
	int changed = 0;

	tz_today(today);
	tz_address_key(w->email, key);
	first = seen_slot(seen, key, 0, 0);
	if (first) { /* a duplicate within the file: fill in what the first row lacked */
		struct tz_buf u;
		if (!sub) { /* the first one was skipped or suppressed */
			rep->merged++;
			SAY(TZ_SEV_NOTE, "merged: '%s' is a duplicate of line %ld", w->email, *first);
			return 0;
		}
		tz_buf_init(&u, TZ_CSV_MAX_FIELD);
		for (int f = TZ_F_NAME; f <= TZ_F_MUNICIPALITY; f++)
			if (!*tz_sub_get(l, sub, (enum tz_field)f) && *w->v[f] &&
			    tz_sub_set(l, sub, (enum tz_field)f, w->v[f]))
				return -1;
		switch (join_interests(tz_sub_get(l, sub, TZ_F_INTERESTS), w->v[TZ_F_INTERESTS], &u)) {
		case 0:
			if (tz_sub_set(l, sub, TZ_F_INTERESTS, u.data)) {
				tz_buf_release(&u);
				return -1;
			}
			break;
		case -2: /* the union would be over the limit: the first row's stay */
			break;
		default:
			tz_buf_release(&u);
			return -1;
		}
		tz_buf_release(&u);
		rep->merged++;
		SAY(TZ_SEV_NOTE, "merged: '%s' is a duplicate of line %ld", w->email, *first);
		return 0;
	}
	if (!seen_slot(seen, key, 1, r->line))
		return -1;
	if (w->status != TZ_ST_ACTIVE) {
		/* the export says this person left: record it, never mail them */
		if (!se && tz_suppression_add(s, w->email, tz_status_names[w->status], source))
			return -1;
		if (sub && tz_sub_status(l, sub) == TZ_ST_ACTIVE) {
			if (tz_sub_set(l, sub, TZ_F_STATUS, tz_status_names[w->status]) ||
			    tz_sub_set(l, sub, TZ_F_LAST_CHANGE, today))
				return -1;
			rep->updated++;
			SAY(TZ_SEV_NOTE, "updated: '%s' is %s in the file", w->email,
			    tz_status_names[w->status]);
		} else {
			rep->suppressed++;
			SAY(TZ_SEV_NOTE, "suppressed: '%s' is %s in the file (not added to the list)",
			    w->email, tz_status_names[w->status]);
		}
		return 0;
	}
	if (se) {
		rep->skipped++;
		SAY(TZ_SEV_WARNING, "skipped: '%s' is suppressed (%s, %s); an import never "
		    "re-activates an address", w->email, se->reason, se->date);
		return 0;
	}
	if (sub && tz_sub_status(l, sub) != TZ_ST_ACTIVE) {
		rep->skipped++;
		SAY(TZ_SEV_WARNING, "skipped: '%s' is %s in the list (%s); an import never "
		    "re-activates an address", w->email, tz_sub_get(l, sub, TZ_F_STATUS),
		    tz_sub_get(l, sub, TZ_F_LAST_CHANGE));
		return 0;
	}
	if (sub) {
		struct tz_buf u;
		int rc = 0;
		tz_buf_init(&u, TZ_CSV_MAX_FIELD);
		rc = set_if(l, sub, TZ_F_NAME, w->v[TZ_F_NAME], &changed) ||
		     set_if(l, sub, TZ_F_LANGUAGE, w->v[TZ_F_LANGUAGE], &changed) ||
		     set_if(l, sub, TZ_F_MUNICIPALITY, w->v[TZ_F_MUNICIPALITY], &changed);
		if (!rc) {
			int j = join_interests(tz_sub_get(l, sub, TZ_F_INTERESTS),
					       w->v[TZ_F_INTERESTS], &u);
			rc = j == -1 || (j == 0 && set_if(l, sub, TZ_F_INTERESTS, u.data, &changed));
		}
		tz_buf_release(&u);
		if (rc)
			return -1;
		if (changed) {
			if (tz_sub_set(l, sub, TZ_F_LAST_CHANGE, today))
				return -1;
			rep->updated++;
			SAY(TZ_SEV_NOTE, "updated: '%s'", w->email);
		} else {
			rep->unchanged++;
			SAY(TZ_SEV_NOTE, "unchanged: '%s' is already on the list with these details",
			    w->email);
		}
		return 0;
	}
	if (!w->date[0]) {
		rep->rejected++;
		SAY(TZ_SEV_ERROR, "rejected: no consent date for '%s' (the file has no consent "
		    "column or the cell is empty; give --consent-date only if every row consented "
		    "on that date)", w->email);
		return 0;
	}
	sub = tz_list_append(l, w->email);
	if (!sub)
		return -1;
	for (int f = TZ_F_NAME; f <= TZ_F_INTERESTS; f++)
		if (*w->v[f] && tz_sub_set(l, sub, (enum tz_field)f, w->v[f]))
			return -1;
	if (tz_sub_set(l, sub, TZ_F_STATUS, "active") ||
	    tz_sub_set(l, sub, TZ_F_CONSENT_DATE, w->date) ||
	    tz_sub_set(l, sub, TZ_F_CONSENT_SOURCE,
		       *w->v[TZ_F_CONSENT_SOURCE] ? w->v[TZ_F_CONSENT_SOURCE] : source) ||
	    tz_sub_set(l, sub, TZ_F_LAST_CHANGE, today))
		return -1;
	rep->added++;
	return 0;
}

int tz_import(struct tz_list *l, struct tz_suppression *s, const char *data, size_t len,
	      const struct tz_import_options *o, struct tz_import_report *rep,
	      struct tz_error *err)
{
	struct tz_csv_options co = {o->delim, 0};
	struct tz_csv csv;
	struct tz_buf text, src;
	struct seen seen;
	struct row w;
	int *map = NULL, rc = -1, have_email = 0;
	size_t ncols = 0, hdr = 0;

	memset(&seen, 0, sizeof seen);
	memset(&csv, 0, sizeof csv);
	tz_buf_init(&text, (size_t)512 * 1024 * 1024);
	tz_buf_init(&src, 1024);
	tz_buf_init(&w.name, TZ_CSV_MAX_FIELD);
	tz_buf_init(&w.interests, TZ_CSV_MAX_FIELD);
	if (tz_csv_to_utf8(data, len, &text, &rep->encoding, err) ||
	    tz_csv_parse(text.data, text.len, &co, &csv, err)) {
		snprintf(err->file, sizeof err->file, "%s", o->file);
		goto out;
	}
	rep->delim = csv.delim;
	if (tz_buf_adds(&src, o->consent_source ? o->consent_source : "import ") ||
	    (!o->consent_source && tz_buf_adds(&src, o->file)))
		goto nomem;
	while (hdr < csv.n && csv.r[hdr].kind != TZ_CSV_DATA)
		hdr++;
	if (hdr == csv.n) {
		tz_error_set(err, TZ_ERR_CONTENT, o->file, 0, "the file has no header row");
		goto out;
	}
	ncols = csv.r[hdr].nf;
	map = tz_calloc(ncols, sizeof *map);
	if (!map)
		goto nomem;
	for (size_t c = 0; c < ncols; c++) {
		map[c] = tz_import_header_field(csv.r[hdr].f[c]);
		for (size_t k = 0; k < c && map[c] >= 0; k++)
			if (map[k] == map[c]) {
				tz_diags_add(&rep->lines, TZ_SEV_NOTE, o->file, csv.r[hdr].line,
					     "column '%s' means the same as an earlier one; the first "
					     "non-empty value is taken", csv.r[hdr].f[c]);
				break;
			}
		if (map[c] == TZ_F_EMAIL)
			have_email = 1;
		else if (map[c] < 0 && csv.r[hdr].f[c][0])
			tz_diags_add(&rep->lines, TZ_SEV_NOTE, o->file, csv.r[hdr].line,
				     "column '%s' is not imported (not a list field)",
				     csv.r[hdr].f[c]);
	}
	if (!have_email) {
		tz_error_set(err, TZ_ERR_CONTENT, o->file, csv.r[hdr].line,
			     "no address column in the header (looked for 'email', 'E-mailadres', "
			     "'e-mail', 'mail'; separator '%c')", csv.delim == '\t' ? 'T' : csv.delim);
		goto out;
	}
	for (size_t i = hdr + 1; i < csv.n; i++) {
		const struct tz_csv_record *r = &csv.r[i];
		const char *why;
		int blank = 1;
		if (r->kind != TZ_CSV_DATA) {
			rep->empty++;
			continue;
		}
		for (size_t c = 0; c < r->nf && blank; c++)
			blank = !r->f[c][0] || strspn(r->f[c], " \t") == strlen(r->f[c]);
		if (blank) { /* ";;;;" rows that spreadsheets write for empty lines */
			rep->empty++;
			continue;
		}
		rep->rows++;
		tz_buf_reset(&w.name);
		if ((why = read_row(r, map, ncols, o, &w))) {
			rep->rejected++;
			SAY(TZ_SEV_ERROR, "rejected: %s", why);
			continue;
		}
		if (w.folded)
			SAY(TZ_SEV_WARNING, "%s had a line break inside its cell (Alt+Enter in a "
			    "spreadsheet?); folded to one space: '%.200s'", w.folded, w.folded_value);
		if (apply(l, s, r, &w, o, &seen, src.data, rep))
			goto nomem;
	}
	rc = 0;
	goto out;
nomem:
	tz_error_nomem(err);
out:
	free(map);
	seen_release(&seen);
	tz_csv_release(&csv);
	tz_buf_release(&text);
	tz_buf_release(&src);
	tz_buf_release(&w.name);
	tz_buf_release(&w.interests);
	return rc;
}
