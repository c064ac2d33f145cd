/*
 * config.c - subscribers/server.xml into struct ls_config (see config.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../model/load.h"
#include "../model/xmlfile.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static const struct ls_limits default_limits = {
	.per_client = 20,
	.signed_per_client = 600,
	.signups_per_client = 10,
	.mails_per_address = 3,
	.mails_per_hour = 500,
	.min_fill_seconds = 3,
	.max_body = 8192,
	.connection_timeout = 10,
	.per_ip_connections = 8,
	.connections = 256,
	.write_wait = 5,
};

int ls_config_defaults(struct ls_config *c, struct tz_error *err)
{
	memset(c, 0, sizeof *c);
	c->lim = default_limits;
	c->public_url = tz_strdup("");
	/* without a file the preferences page still offers the two languages */
	c->languages.v[0].value = tz_strdup("nl");
	c->languages.v[0].nl = tz_strdup("Nederlands");
	c->languages.v[0].en = tz_strdup("Dutch");
	c->languages.v[1].value = tz_strdup("en");
	c->languages.v[1].nl = tz_strdup("Engels");
	c->languages.v[1].en = tz_strdup("English");
	c->languages.n = 2;
	if (!c->public_url || !c->languages.v[0].value || !c->languages.v[0].nl ||
	    !c->languages.v[0].en || !c->languages.v[1].value || !c->languages.v[1].nl ||
	    !c->languages.v[1].en)
		return tz_error_nomem(err);
	return 0;
}

static void free_choices(struct ls_choices *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->v[i].value);
		free(cs->v[i].nl);
		free(cs->v[i].en);
	}
	cs->n = 0;
}

void ls_config_release(struct ls_config *c)
{
	free(c->path);
	free(c->public_url);
	free(c->list);
	free(c->form);
	free(c->consent_version);
	free(c->consent_nl);
	free(c->consent_en);
	free_choices(&c->languages);
	free_choices(&c->municipalities);
	free_choices(&c->interests);
	free(c->from);
	free(c->smtp);
	free(c->outbox);
	free(c->cacert);
	free(c->dkim_domain);
	free(c->dkim_selector);
	free(c->dkim_key);
	free(c->clicks_dir);
	for (size_t i = 0; i < c->nancestors; i++)
		free(c->ancestors[i]);
	memset(c, 0, sizeof *c);
}

int ls_cidr_parse(const char *s, struct ls_cidr *out)
{
	char host[64];
	const char *slash = strchr(s, '/');
	size_t hl = slash ? (size_t)(slash - s) : strlen(s);
	unsigned max;
	memset(out, 0, sizeof *out);
	if (hl == 0 || hl >= sizeof host)
		return -1;
	memcpy(host, s, hl);
	host[hl] = 0;
	if (inet_pton(AF_INET, host, out->addr) == 1) {
		out->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, host, out->addr) == 1) {
		out->family = AF_INET6;
		max = 128;
	} else
		return -1;
	out->bits = max;
	if (slash) {
		char *end;
		unsigned long b = strtoul(slash + 1, &end, 10);
		if (end == slash + 1 || *end || b > max)
			return -1;
		out->bits = (unsigned)b;
	}
	return 0;
}

int ls_cidr_match(const struct ls_cidr *c, int family, const unsigned char *addr)
{
	unsigned full, rest;
	if (family != c->family)
		return 0;
	full = c->bits / 8;
	rest = c->bits % 8;
	if (memcmp(c->addr, addr, full) != 0)
		return 0;
	if (rest) {
		unsigned char mask = (unsigned char)(0xff << (8 - rest));
		if ((c->addr[full] & mask) != (addr[full] & mask))
			return 0;
	}
	return 1;
}

const struct ls_choice *ls_choice_find(const struct ls_choices *cs, const char *value)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].value, value) == 0)
			return &cs->v[i];
	return NULL;
}

static int read_choices(xmlNodePtr n, struct ls_choices *cs, const char *path,
			struct tz_diags *d)
{
	for (xmlNodePtr k = n ? n->children : NULL; k; k = k->next) {
		struct ls_choice *c;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (cs->n >= LS_MAX_CHOICES) {
			tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(k),
				     "more than %d choices in <%s>", LS_MAX_CHOICES, (const char *)n->name);
			return -1;
		}
		c = &cs->v[cs->n];
		c->value = tz_xml_prop(k, "value");
		c->nl = tz_xml_prop(k, "nl");
		c->en = tz_xml_prop(k, "en");
		if (!c->value)
			return -1;
		if (!c->nl)
			c->nl = tz_strdup(c->value);
		if (!c->en)
			c->en = tz_strdup(c->value);
		cs->n++;
		if (!c->nl || !c->en)
			return -1;
		/* interests are joined with ';' in the list, the value must not have one */
		if (ls_choice_find(cs, c->value) != c)
			tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(k),
				     "choice '%s' is listed twice", c->value);
	}
	return 0;
}

static unsigned count_attr(xmlNodePtr n, const char *name, unsigned dflt)
{
	char *v = n ? tz_xml_prop(n, name) : NULL;
	unsigned long x = dflt;
	if (v)
		x = strtoul(v, NULL, 10); /* the schema allows digits only */
	free(v);
	return (unsigned)x;
}

static int read_doc(struct ls_config *c, xmlNodePtr root, const char *path, const char *dir,
		    struct tz_diags *d)
{
	xmlNodePtr su = tz_xml_child(root, "signup"), mail = tz_xml_child(root, "mail"),
		   lim = tz_xml_child(root, "limits"), px = tz_xml_child(root, "trusted-proxies"),
		   cl = tz_xml_child(root, "clicks"), em = tz_xml_child(root, "embed");
	char *cfgdir = tz_dirname(path);
	size_t ul;
	if (!cfgdir)
		return -1;
	free(c->public_url);
	c->public_url = tz_xml_prop(root, "public-url");
	if (!c->public_url)
		goto nomem;
	ul = strlen(c->public_url);
	while (ul && c->public_url[ul - 1] == '/')
		c->public_url[--ul] = 0;
	if (su) {
		xmlNodePtr cons = tz_xml_child(su, "consent");
		c->signup = 1;
		c->list = tz_xml_prop(su, "list");
		c->form = tz_xml_prop(su, "form");
		c->consent_version = tz_xml_prop(cons, "version");
		for (xmlNodePtr t = cons->children; t; t = t->next) {
			char *lang, *txt;
			xmlChar *x;
			if (t->type != XML_ELEMENT_NODE)
				continue;
			lang = tz_xml_prop(t, "lang");
			x = xmlNodeGetContent(t);
			txt = x ? tz_strdup((const char *)x) : NULL;
			xmlFree(x);
			if (lang && strcmp(lang, "nl") == 0)
				c->consent_nl = txt;
			else
				c->consent_en = txt;
			free(lang);
		}
		if (!c->list || !c->form || !c->consent_version || !c->consent_nl || !c->consent_en)
			goto nomem;
		free_choices(&c->languages);
		if (read_choices(tz_xml_child(su, "languages"), &c->languages, path, d) ||
		    read_choices(tz_xml_child(su, "municipalities"), &c->municipalities, path, d) ||
		    read_choices(tz_xml_child(su, "interests"), &c->interests, path, d))
			goto nomem;
		if (!mail)
			tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(su),
				     "<signup> needs a <mail> element: where confirmation mails go");
	}
	if (mail) {
		char *ob = tz_xml_prop(mail, "outbox"), *ins = tz_xml_prop(mail, "insecure-no-tls");
		xmlNodePtr dk;
		c->from = tz_xml_prop(mail, "from");
		c->smtp = tz_xml_prop(mail, "smtp");
		c->cacert = tz_xml_prop(mail, "cacert");
		c->insecure_no_tls = ins && strcmp(ins, "yes") == 0;
		free(ins);
		if (ob) {
			c->outbox = tz_path_join(cfgdir, ob);
			free(ob);
			if (!c->outbox)
				goto nomem;
		}
		if (!c->from)
			goto nomem;
		if ((dk = tz_xml_child(mail, "dkim"))) {
			char *key = tz_xml_prop(dk, "key");
			c->dkim_domain = tz_xml_prop(dk, "domain");
			c->dkim_selector = tz_xml_prop(dk, "selector");
			c->dkim_line = xmlGetLineNo(dk);
			c->dkim_key = key ? tz_path_join(cfgdir, key) : NULL;
			free(key);
			if (!c->dkim_domain || !c->dkim_selector || !c->dkim_key)
				goto nomem;
		}
	}
	c->lim.per_client = count_attr(lim, "per-client", c->lim.per_client);
	c->lim.signed_per_client = count_attr(lim, "signed-per-client", c->lim.signed_per_client);
	c->lim.signups_per_client = count_attr(lim, "signups-per-client", c->lim.signups_per_client);
	c->lim.mails_per_address = count_attr(lim, "mails-per-address", c->lim.mails_per_address);
	c->lim.mails_per_hour = count_attr(lim, "mails-per-hour", c->lim.mails_per_hour);
	c->lim.min_fill_seconds = count_attr(lim, "min-fill-seconds", c->lim.min_fill_seconds);
	c->lim.max_body = count_attr(lim, "max-body", c->lim.max_body);
	c->lim.connection_timeout = count_attr(lim, "connection-timeout", c->lim.connection_timeout);
	c->lim.per_ip_connections = count_attr(lim, "per-ip-connections", c->lim.per_ip_connections);
	c->lim.connections = count_attr(lim, "connections", c->lim.connections);
	c->lim.write_wait = count_attr(lim, "write-wait", c->lim.write_wait);
	if (lim && (c->lim.max_body < 1024 || c->lim.max_body > 65536))
		tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(lim),
			     "max-body %u is outside 1024..65536 bytes", c->lim.max_body);
	if (lim && (c->lim.connection_timeout < 1 || c->lim.connection_timeout > 120))
		tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(lim),
			     "connection-timeout %u is outside 1..120 seconds",
			     c->lim.connection_timeout);
	if (lim && (c->lim.connections < 4 || c->lim.connections > 4096 ||
		    c->lim.per_ip_connections < 1 || c->lim.per_ip_connections > c->lim.connections))
		tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(lim),
			     "connections must be 4..4096 and per-ip-connections 1..connections");
	for (xmlNodePtr k = px ? px->children : NULL; k; k = k->next) {
		xmlChar *x;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		x = xmlNodeGetContent(k);
		if (c->nproxies >= LS_MAX_PROXIES)
			tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(k), "more than %d proxies",
				     LS_MAX_PROXIES);
		else if (!x || ls_cidr_parse((const char *)x, &c->proxies[c->nproxies]))
			tz_diags_add(d, TZ_SEV_ERROR, path, xmlGetLineNo(k),
				     "'%s' is not an address or ADDRESS/BITS", x ? (const char *)x : "");
		else
			c->nproxies++;
		xmlFree(x);
	}
	if (cl) {
		char *t = tz_xml_prop(cl, "track"), *cd = tz_xml_prop(cl, "dir");
		c->track_clicks = t && strcmp(t, "yes") == 0;
		c->clicks_dir = tz_path_join(dir, cd ? cd : "clicks");
		free(t);
		free(cd);
		if (!c->clicks_dir)
			goto nomem;
	}
	for (xmlNodePtr k = em ? em->children : NULL; k; k = k->next) {
		xmlChar *x;
		if (k->type != XML_ELEMENT_NODE || c->nancestors >= LS_MAX_ANCESTORS)
			continue;
		x = xmlNodeGetContent(k);
		c->ancestors[c->nancestors] = x ? tz_strdup((const char *)x) : NULL;
		xmlFree(x);
		if (!c->ancestors[c->nancestors])
			goto nomem;
		c->nancestors++;
	}
	free(cfgdir);
	return 0;
nomem:
	free(cfgdir);
	tz_diags_nomem(d);
	return -1;
}

int ls_config_load(struct ls_config *c, const char *path, const char *dir,
		   struct tz_diags *d)
{
	struct tz_error err;
	xmlDocPtr doc;
	size_t before = d->errors;
	int rc = -1;
	tz_error_clear(&err);
	if (ls_config_defaults(c, &err)) {
		tz_diags_nomem(d);
		return -1;
	}
	c->path = tz_strdup(path);
	if (!c->path) {
		tz_diags_nomem(d);
		return -1;
	}
	doc = tz_xml_load_checked(path, "server.rng", "server configuration",
				  "give it with --config FILE", d);
	if (!doc)
		return -1;
	if (read_doc(c, xmlDocGetRootElement(doc), path, dir, d) == 0 && d->errors == before)
		rc = 0;
	xmlFreeDoc(doc);
	return rc;
}
