/*
 * config.h - the list server's configuration (subscribers/server.xml,
 * schema/server.rng): what the form offers, where mail goes, the limits
 * and the trusted proxies.
 *
 * The one idea: the file is validated against the schema by the same
 * secure loader as every other XML input (no DOCTYPE, no network), then
 * read into plain values with the defaults filled in, so the server never
 * looks at XML again and `techzine check --server` reports exactly what
 * the server would refuse to start with.
 */
#ifndef LS_CONFIG_H
#define LS_CONFIG_H

#include <netinet/in.h>
#include <stddef.h>

#include "../util/error.h"

#define LS_MAX_CHOICES 64
#define LS_MAX_PROXIES 32
#define LS_MAX_ANCESTORS 16

struct ls_choice {
	char *value, *nl, *en; /* labels default to the value */
};

struct ls_choices {
	struct ls_choice v[LS_MAX_CHOICES];
	size_t n;
};

struct ls_cidr {
	int family; /* AF_INET or AF_INET6 */
	unsigned char addr[16];
	unsigned bits;
};

struct ls_limits {
	unsigned per_client;         /* requests per client and minute */
	unsigned signed_per_client;  /* valid one-click POSTs per client and minute */
	unsigned signups_per_client; /* per hour */
	unsigned mails_per_address;  /* confirmation mails per address and day */
	unsigned mails_per_hour;     /* confirmation mails in all */
	unsigned min_fill_seconds;
	unsigned max_body;
	unsigned connection_timeout;
	unsigned per_ip_connections;
	unsigned connections;
	unsigned write_wait; /* seconds a change waits for the folder lock */
};

struct ls_config {
	char *path;       /* the file, NULL when running without one */
	char *public_url; /* without a trailing slash */
	int signup;       /* a <signup> element is present */
	char *list;       /* "demo.csv": in the subscribers folder */
	char *form;       /* consent_source's form name */
	char *consent_version, *consent_nl, *consent_en;
	struct ls_choices languages, municipalities, interests;
	char *from;                    /* "Name <addr>" */
	char *smtp, *outbox, *cacert;  /* outbox resolved against the file's folder */
	int insecure_no_tls;
	/* <mail><dkim domain selector key/>: confirmation mails are signed
	 * (key resolved against the file's folder; NULL: not signed) */
	char *dkim_domain, *dkim_selector, *dkim_key;
	long dkim_line;
	struct ls_limits lim;
	struct ls_cidr proxies[LS_MAX_PROXIES];
	size_t nproxies;
	int track_clicks;
	char *clicks_dir; /* resolved against the subscribers folder */
	char *ancestors[LS_MAX_ANCESTORS];
	size_t nancestors;
};

/* The defaults, for a server started without a file (one-click and
 * preferences only). */
int ls_config_defaults(struct ls_config *c, struct tz_error *err);
/* Load and validate path; problems (with file:line) go to d. */
int ls_config_load(struct ls_config *c, const char *path, const char *dir,
		   struct tz_diags *d);
void ls_config_release(struct ls_config *c);

/* "10.0.0.0/8", "::1", "2001:db8::/32" -> cidr; -1 when not one. */
int ls_cidr_parse(const char *s, struct ls_cidr *out);
/* Is the address (AF_INET/AF_INET6 bytes) inside c? */
int ls_cidr_match(const struct ls_cidr *c, int family, const unsigned char *addr);
/* The label of value in the language ("nl"/"en"); NULL when not a choice. */
const struct ls_choice *ls_choice_find(const struct ls_choices *cs, const char *value);

#endif
