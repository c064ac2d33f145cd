/*
 * unsubd.c - the one-click unsubscribe server (see unsubd.h). One polling
 * thread serves every connection, so the rate table and the folder are
 * only ever touched by one request at a time.
 */
#include "unsubd.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "address.h"
#include "folder.h"
#include "token.h"
#include "../util/clock.h"
#include "../util/alloc.h"
#include "../util/buf.h"
#include "../web/template.h"
#include "../util/banned.h"

#define MAX_BODY 1024
#define RATE_SLOTS 4096

struct bucket {
	char client[48];
	double tokens, last;
};

struct server {
	const struct tz_unsubd_config *c;
	struct bucket rate[RATE_SLOTS];
};

struct request {
	struct tz_buf body;
	int too_large;
};

static void log_line(struct server *s, const char *method, int code, const char *what,
		     const char *addr)
{
	char when[32], tag[TZ_TAG_SIZE] = "-";
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (addr && *addr)
		tz_address_tag(addr, tag);
	fprintf(s->c->log, "%s %s %d %s addr=%s\n", when, method, code, what, tag);
	fflush(s->c->log);
}

/* A token per client address, refilled at per_minute; 0 when allowed,
 * else the seconds to wait. */
static int rate_take(struct server *s, struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char client[48] = "?";
	size_t h = 5381, slot, oldest = 0;
	double now = tz_clock_seconds(), per_s = s->c->per_minute / 60.0;
	struct bucket *b = NULL;
	if (s->c->per_minute <= 0)
		return 0;
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  client, sizeof client);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
				  client, sizeof client);
	}
	for (const char *p = client; *p; p++)
		h = h * 33 + (unsigned char)*p;
	/* 8 probes; past them the least recently used slot is taken over */
	for (size_t i = 0; i < 8; i++) {
		slot = (h + i) % RATE_SLOTS;
		if (strcmp(s->rate[slot].client, client) == 0) {
			b = &s->rate[slot];
			break;
		}
		if (i == 0 || s->rate[slot].last < s->rate[oldest].last)
			oldest = slot;
	}
	if (!b) {
		b = &s->rate[oldest];
		snprintf(b->client, sizeof b->client, "%s", client);
		b->tokens = s->c->per_minute;
		b->last = now;
	}
	b->tokens += (now - b->last) * per_s;
	if (b->tokens > s->c->per_minute)
		b->tokens = s->c->per_minute;
	b->last = now;
	if (b->tokens >= 1) {
		b->tokens -= 1;
		return 0;
	}
	return (int)((1 - b->tokens) / per_s) + 1;
}

static enum MHD_Result respond(struct MHD_Connection *conn, unsigned code, const char *html,
			       int retry_after)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(html), (void *)html,
								 MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ok;
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
	if (retry_after > 0) {
		char v[16];
		snprintf(v, sizeof v, "%d", retry_after);
		MHD_add_response_header(r, "Retry-After", v);
	}
	ok = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ok;
}

static const char *page_head =
	"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width\"><title>TechZine</title>"
	"<style>body{font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em}"
	"button{font-size:1.1em;padding:.5em 1.2em}</style></head><body>";

static enum MHD_Result page(struct MHD_Connection *conn, unsigned code, const char *nl,
			    const char *en, const char *addr, int button)
{
	struct tz_buf b;
	char masked[TZ_ADDRESS_MAX];
	enum MHD_Result ok;
	tz_buf_init(&b, 16384);
	tz_buf_adds(&b, page_head);
	tz_buf_adds(&b, "<h1>TechZine</h1><p>");
	tz_buf_adds(&b, nl);
	tz_buf_adds(&b, "</p><p lang=\"en\">");
	tz_buf_adds(&b, en);
	tz_buf_adds(&b, "</p>");
	if (addr) {
		tz_address_mask(addr, masked, sizeof masked);
		tz_buf_adds(&b, "<p><code>");
		tz_html_escape(&b, masked, strlen(masked));
		tz_buf_adds(&b, "</code></p>");
	}
	if (button)
		tz_buf_adds(&b, "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\""
				" value=\"One-Click\"><button type=\"submit\">Afmelden / Unsubscribe"
				"</button></form>");
	tz_buf_adds(&b, "</body></html>\n");
	ok = respond(conn, code, b.data, 0);
	tz_buf_release(&b);
	return ok;
}

/* The token from /u/TOKEN or ?t=, the address from ?e= (normalised);
 * returns 0 when the token checks out, with addr filled in; 1 when the
 * token must be looked up in the lists of f (f NULL); -1 when it fails. */
static int verify(struct server *s, struct MHD_Connection *conn, const char *url, char *addr,
		  struct tz_folder *f)
{
	const char *tok = url + 3, *e = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "e");
	const char *why;
	if (!*tok)
		tok = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "t");
	if (!tok || !tz_token_syntax_ok(tok, strlen(tok)))
		return -1;
	if (e) {
		if (tz_address_normalise(e, addr, &why))
			return -1;
		return tz_token_check(s->c->secret, addr, tok) ? 0 : -1;
	}
	if (!f)
		return 1; /* the token must be looked up in the lists */
	return tz_folder_find_token(f, s->c->secret, tok, addr, TZ_ADDRESS_MAX) ? -1 : 0;
}

static int one_click_body(const struct tz_buf *b)
{
	/* application/x-www-form-urlencoded, or multipart/form-data */
	return strstr(b->data, "List-Unsubscribe=One-Click") != NULL ||
	       (strstr(b->data, "name=\"List-Unsubscribe\"") && strstr(b->data, "One-Click"));
}

static enum MHD_Result post(struct server *s, struct MHD_Connection *conn, const char *url,
			    struct request *rq)
{
	struct tz_folder f;
	struct tz_error err;
	char addr[TZ_ADDRESS_MAX] = "";
	int v, n;
	if (rq->too_large) {
		log_line(s, "POST", 413, "request body over 1 KiB", NULL);
		return page(conn, 413, "Dit verzoek is te groot.", "This request is too large.", NULL,
			    0);
	}
	if (!one_click_body(&rq->body)) {
		log_line(s, "POST", 400, "no List-Unsubscribe=One-Click body", NULL);
		return page(conn, 400, "Dit verzoek is niet begrepen.", "This request was not understood.",
			    NULL, 0);
	}
	v = verify(s, conn, url, addr, NULL);
	if (v < 0) {
		log_line(s, "POST", 403, "token does not check out, nothing changed", NULL);
		return page(conn, 403, "Deze afmeldlink is niet geldig.", "This unsubscribe link is not valid.",
			    NULL, 0);
	}
	tz_error_clear(&err);
	if (tz_folder_open(&f, s->c->dir, NULL, &err)) {
		tz_folder_release(&f);
		fprintf(s->c->log, "unsubscribe-server: %s\n", err.msg);
		log_line(s, "POST", 503, "subscribers folder unavailable", NULL);
		return respond(conn, 503, "<p>Probeer het later opnieuw / please try again later</p>", 30);
	}
	if (v > 0 && verify(s, conn, url, addr, &f)) {
		tz_folder_release(&f);
		log_line(s, "POST", 403, "token of no subscriber, nothing changed", NULL);
		return page(conn, 403, "Deze afmeldlink is niet geldig.", "This unsubscribe link is not valid.",
			    NULL, 0);
	}
	n = tz_folder_set_status(&f, addr, TZ_ST_UNSUBSCRIBED, "unsubscribed", "one-click");
	if (n < 0 || tz_folder_commit(&f, &err)) {
		tz_folder_release(&f);
		fprintf(s->c->log, "unsubscribe-server: %s\n", n < 0 ? "out of memory" : err.msg);
		log_line(s, "POST", 503, "could not write the change", addr);
		return respond(conn, 503, "<p>Probeer het later opnieuw / please try again later</p>", 30);
	}
	tz_folder_release(&f);
	log_line(s, "POST", 200, n ? "unsubscribed" : "was not subscribed (suppressed)", addr);
	return page(conn, 200, "U bent afgemeld. U ontvangt de TechZine-nieuwsbrief niet meer.",
		    "You have been unsubscribed and will not receive the TechZine newsletter again.",
		    addr, 0);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **con_cls)
{
	struct server *s = cls;
	struct request *rq = *con_cls;
	char addr[TZ_ADDRESS_MAX] = "";
	int wait;
	(void)version;
	if (!rq) { /* the first call: headers only */
		rq = tz_calloc(1, sizeof *rq);
		if (!rq)
			return MHD_NO;
		tz_buf_init(&rq->body, MAX_BODY);
		*con_cls = rq;
		return MHD_YES;
	}
	if (*size) {
		if (tz_buf_add(&rq->body, data, *size))
			rq->too_large = 1;
		*size = 0;
		return MHD_YES;
	}
	if ((wait = rate_take(s, conn)) > 0) {
		log_line(s, method, 429, "rate limited", NULL);
		return respond(conn, 429, "<p>Te veel verzoeken / too many requests</p>", wait);
	}
	if (strncmp(url, "/u/", 3) != 0 || strchr(url + 3, '/')) {
		log_line(s, method, 404, "not found", NULL);
		return page(conn, 404, "Deze pagina bestaat niet.", "There is no such page.", NULL, 0);
	}
	if (strcmp(method, "POST") == 0)
		return post(s, conn, url, rq);
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		log_line(s, method, 405, "method not allowed", NULL);
		return page(conn, 405, "Dit kan hier niet.", "Method not allowed.", NULL, 0);
	}
	/* GET never changes anything: it only shows the button */
	wait = verify(s, conn, url, addr, NULL);
	if (wait > 0) { /* look the token up (the folder is locked, then released unchanged) */
		struct tz_folder f;
		struct tz_error err;
		if (tz_folder_open(&f, s->c->dir, NULL, &err))
			wait = -1;
		else
			wait = verify(s, conn, url, addr, &f);
		tz_folder_release(&f);
	}
	if (wait < 0) {
		log_line(s, method, 403, "token does not check out", NULL);
		return page(conn, 403, "Deze afmeldlink is niet geldig.", "This unsubscribe link is not valid.",
			    NULL, 0);
	}
	log_line(s, method, 200, "confirmation page", addr);
	return page(conn, 200, "Wilt u zich afmelden voor de TechZine-nieuwsbrief?",
		    "Do you want to unsubscribe from the TechZine newsletter?", *addr ? addr : NULL, 1);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct request *rq = *con_cls;
	(void)cls;
	(void)conn;
	(void)toe;
	if (rq) {
		tz_buf_release(&rq->body);
		free(rq);
	}
	*con_cls = NULL;
}

int tz_unsubd_run(const struct tz_unsubd_config *c, struct tz_error *err)
{
	struct addrinfo hints, *ai = NULL;
	struct MHD_Daemon *d;
	struct server *s;
	char host[256];
	const char *colon = strrchr(c->listen, ':'), *h = c->listen;
	size_t hl;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL;
	if (!colon || colon == c->listen)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "--listen wants ADDRESS:PORT, like 127.0.0.1:8080, not '%s'", c->listen);
	hl = (size_t)(colon - h);
	if (h[0] == '[' && hl >= 2 && h[hl - 1] == ']')
		h++, hl -= 2;
	if (hl >= sizeof host)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "--listen address too long");
	memcpy(host, h, hl);
	host[hl] = 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, colon + 1, &hints, &ai) || !ai)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "--listen '%s': not a numeric address and port", c->listen);
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s = tz_calloc(1, sizeof *s);
	if (!s) {
		freeaddrinfo(ai);
		return tz_error_nomem(err);
	}
	s->c = c;
	d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)64,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)8,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!d) {
		free(s);
		return tz_error_set(err, TZ_ERR_IO, NULL, 0,
				    "cannot listen on '%s' (in use, or not an address of this machine)",
				    c->listen);
	}
	fprintf(c->log, "unsubscribe-server: listening on %s, folder %s\n", c->listen, c->dir);
	fflush(c->log);
	while (!*c->stop) {
		struct timespec ts = {0, 100L * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	free(s);
	fprintf(c->log, "unsubscribe-server: stopped\n");
	return 0;
}
