/*
 * http.c - libmicrohttpd glue: request state, the client behind trusted
 * proxies, and the one place where replies become responses (http.h).
 */
#include "http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "clicks.h"
#include "log.h"
#include "mailer.h"
#include "pages.h"
#include "server.h"
#include "slowguard.h"
#include "../util/alloc.h"
#include "../util/clock.h"
#include "../util/banned.h"

/* Called by libmicrohttpd as soon as the request line is read, before the
 * headers: the raw URI (with its query) starts the request's state. */
static void *uri_logged(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct ls_server *s = cls;
	struct ls_request *rq = tz_calloc(1, sizeof *rq);
	(void)conn;
	if (!rq)
		return NULL;
	rq->uri = tz_strndup(uri, LS_URI_MAX + 1);
	tz_buf_init(&rq->body, s->cfg->lim.max_body);
	ls_form_init(&rq->query);
	rq->started = tz_clock_seconds();
	return rq;
}

static void *socket_slot(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void connection_event(void *cls, struct MHD_Connection *conn, void **socket_context,
			     enum MHD_ConnectionNotificationCode toe)
{
	struct ls_server *s = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci)
			ls_slowguard_open(s->guard, ci->connect_fd, socket_context);
	} else
		ls_slowguard_close(s->guard, socket_context);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct ls_server *s = cls;
	struct ls_request *rq = *con_cls;
	(void)toe;
	ls_slowguard_answered(s->guard, socket_slot(conn));
	if (rq) {
		free(rq->uri);
		tz_buf_release(&rq->body);
		ls_form_release(&rq->query);
		free(rq);
	}
	*con_cls = NULL;
}

static int peer_of(struct MHD_Connection *conn, int *family, unsigned char addr[16])
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;
	if (!sa)
		return -1;
	*family = sa->sa_family;
	if (sa->sa_family == AF_INET)
		memcpy(addr, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
	else if (sa->sa_family == AF_INET6) {
		const unsigned char *a6 =
			((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
		static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(a6, v4mapped, 12) == 0) {
			*family = AF_INET;
			memcpy(addr, a6 + 12, 4);
		} else
			memcpy(addr, a6, 16);
	} else
		return -1;
	return 0;
}

static int trusted(const struct ls_config *c, int family, const unsigned char *addr)
{
	for (size_t i = 0; i < c->nproxies; i++)
		if (ls_cidr_match(&c->proxies[i], family, addr))
			return 1;
	return 0;
}

/* One element of X-Forwarded-For or a for= of Forwarded (RFC 7239):
 * "1.2.3.4", "[2001:db8::1]:4711", "\"[2001:db8::1]\"", "1.2.3.4:80". */
static int parse_hop(const char *s, size_t len, int *family, unsigned char addr[16])
{
	char h[64];
	size_t k = 0;
	while (len && (*s == ' ' || *s == '"'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '"'))
		len--;
	if (len && *s == '[') {
		const char *close = memchr(s, ']', len);
		if (!close)
			return -1;
		s++;
		len = (size_t)(close - s);
	} else if (memchr(s, '.', len) && memchr(s, ':', len))
		len = (size_t)((const char *)memchr(s, ':', len) - s); /* v4 with port */
	if (len == 0 || len >= sizeof h)
		return -1;
	for (; k < len; k++)
		h[k] = s[k];
	h[k] = 0;
	if (inet_pton(AF_INET, h, addr) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, h, addr) == 1)
		*family = AF_INET6;
	else
		return -1;
	return 0;
}

/* The client: the peer, or, when the peer is a trusted proxy, the
 * rightmost address in X-Forwarded-For (or Forwarded: for=) that is not
 * itself a trusted proxy. Addresses left of it were written by the client
 * and prove nothing. */
static void resolve_client(const struct ls_config *c, struct MHD_Connection *conn,
			   struct ls_request *rq)
{
	int family = 0;
	unsigned char addr[16] = {0};
	const char *xff, *fwd;
	if (peer_of(conn, &family, addr)) {
		snprintf(rq->client, sizeof rq->client, "?");
		snprintf(rq->bucket, sizeof rq->bucket, "?");
		return;
	}
	xff = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For");
	fwd = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Forwarded");
	if (trusted(c, family, addr) && (xff || fwd)) {
		const char *h = xff ? xff : fwd;
		size_t len = strlen(h); /* the rightmost hop is at the very end */
		while (len > 0) {
			const char *comma = NULL, *item, *p;
			int f2;
			unsigned char a2[16];
			size_t ilen;
			for (size_t i = len; i > 0; i--)
				if (h[i - 1] == ',') {
					comma = h + i - 1;
					break;
				}
			item = comma ? comma + 1 : h;
			ilen = (size_t)(h + len - item);
			if (!xff) { /* Forwarded: take the for= parameter of the element */
				p = strcasestr(item, "for=");
				if (!p || p >= item + ilen) {
					len = comma ? (size_t)(comma - h) : 0;
					continue;
				}
				p += 4;
				ilen = (size_t)(item + ilen - p);
				for (size_t i = 0; i < ilen; i++)
					if (p[i] == ';') {
						ilen = i;
						break;
					}
				item = p;
			}
			if (parse_hop(item, ilen, &f2, a2))
				break; /* garbage: stop at the last good hop */
			family = f2;
			memcpy(addr, a2, 16);
			if (!trusted(c, f2, a2))
				break;
			len = comma ? (size_t)(comma - h) : 0;
		}
	}
	inet_ntop(family, addr, rq->client, sizeof rq->client);
	if (family == AF_INET6) { /* one person has a /64 */
		memset(addr + 8, 0, 8);
		inet_ntop(family, addr, rq->bucket, sizeof rq->bucket);
	} else
		snprintf(rq->bucket, sizeof rq->bucket, "%s", rq->client);
}

static void add_security_headers(struct MHD_Response *r, const struct ls_server *s,
				 const struct ls_reply *rp)
{
	struct tz_buf csp;
	tz_buf_init(&csp, 4096);
	tz_buf_adds(&csp, "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
			  "base-uri 'none'; frame-ancestors ");
	if (rp->embeddable && s->cfg->nancestors) {
		for (size_t i = 0; i < s->cfg->nancestors; i++)
			tz_buf_addf(&csp, "%s%s", i ? " " : "", s->cfg->ancestors[i]);
	} else
		tz_buf_adds(&csp, "'none'");
	MHD_add_response_header(r, "Content-Security-Policy", csp.data);
	tz_buf_release(&csp);
	if (!(rp->embeddable && s->cfg->nancestors))
		MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Type", "text/html; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy", "interest-cohort=()");
	if (strncmp(s->cfg->public_url, "https:", 6) == 0)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

/* Every reply leaves through here: the security headers, Retry-After,
 * Location, Allow, and the log line. */
static enum MHD_Result send_reply(struct ls_server *s, struct MHD_Connection *conn,
				  const char *method, const char *path, struct ls_reply *rp)
{
	struct MHD_Response *r;
	enum MHD_Result ok;
	if (!rp->body.len)
		ls_page_status(rp);
	r = MHD_create_response_from_buffer(rp->body.len, rp->body.data, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	add_security_headers(r, s, rp);
	if (rp->retry_after > 0) {
		char v[16];
		snprintf(v, sizeof v, "%d", rp->retry_after);
		MHD_add_response_header(r, "Retry-After", v);
	}
	if (rp->location[0])
		MHD_add_response_header(r, "Location", rp->location);
	if (rp->allow)
		MHD_add_response_header(r, "Allow", rp->allow);
	ok = MHD_queue_response(conn, rp->code, r);
	MHD_destroy_response(r);
	ls_log_request(s->log, method, path, rp->code, rp->what, rp->tag, tz_clock_seconds());
	return ok;
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	size_t *n = cls;
	(void)kind;
	*n += strlen(key) + (value ? strlen(value) : 0) + 4;
	return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **con_cls)
{
	struct ls_server *s = cls;
	struct ls_request *rq = *con_cls;
	struct ls_reply rp;
	enum MHD_Result ok;
	const char *q;
	size_t hb = 0;
	(void)version;
	if (!rq)
		return MHD_NO; /* out of memory when the request began */
	if (!rq->method) { /* the first call: headers only */
		rq->method = strcmp(method, "HEAD") == 0 ? "GET" : method;
		rq->path = url;
		resolve_client(s->cfg, conn, rq);
		rq->content_type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
		rq->origin = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Origin");
		rq->sec_fetch_site = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Sec-Fetch-Site");
		/* a body (POST) has its own deadline; a GET is answered now */
		ls_slowguard_headers(s->guard, socket_slot(conn), strcmp(method, "POST") == 0);
		return MHD_YES;
	}
	if (*size) {
		if (!rq->body_too_large && tz_buf_add(&rq->body, data, *size))
			rq->body_too_large = 1;
		*size = 0;
		return MHD_YES;
	}
	memset(&rp, 0, sizeof rp);
	tz_buf_init(&rp.body, (size_t)256 * 1024);
	rq->path = url;
	MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header, &hb);
	if (!rq->uri || strlen(rq->uri) > LS_URI_MAX) {
		ls_reply_what(&rp, 414, "request target too long");
	} else if (hb > LS_HEADERS_MAX) {
		ls_reply_what(&rp, 431, "header fields too large");
	} else if (rq->body_too_large) {
		ls_reply_what(&rp, 413, "request body too large");
	} else {
		q = strchr(rq->uri, '?');
		if (q && ls_form_parse_urlencoded(&rq->query, q + 1, strlen(q + 1)))
			rq->query_bad = 1;
		ls_dispatch(s, rq, &rp);
	}
	ls_slowguard_headers(s->guard, socket_slot(conn), 0);
	ok = send_reply(s, conn, method, rq->route ? rq->route : "(other)", &rp);
	tz_buf_release(&rp.body);
	return ok;
}

static int parse_listen(const char *listen, struct addrinfo **ai, struct tz_error *err)
{
	struct addrinfo hints;
	char host[256];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hl;
	if (!colon || colon == listen)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "--listen wants ADDRESS:PORT, like 127.0.0.1:8080, not '%s'", listen);
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
	if (getaddrinfo(host, colon + 1, &hints, ai) || !*ai)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "--listen '%s': not a numeric address and port", listen);
	return 0;
}

static int server_init(struct ls_server *s, const struct ls_run *r, struct tz_error *err)
{
	const struct ls_limits *l = &r->cfg->lim;
	memset(s, 0, sizeof *s);
	s->cfg = r->cfg;
	s->dir = r->dir;
	s->secret = r->secret;
	s->stop = r->stop;
	pthread_mutex_init(&s->write_mu, NULL);
	if (!(s->log = ls_log_new(r->log)) || ls_index_init(&s->index, r->dir, r->secret) ||
	    ls_limiter_init(&s->general, 4096, l->per_client, 60) ||
	    ls_limiter_init(&s->signed_, 4096, l->signed_per_client, 60) ||
	    ls_limiter_init(&s->signups, 4096, l->signups_per_client, 3600) ||
	    ls_limiter_init(&s->per_address, 65536, l->mails_per_address, 86400) ||
	    ls_limiter_init(&s->mail_all, 1, l->mails_per_hour, 3600) ||
	    !(s->guard = ls_slowguard_new(l->connections, l->connection_timeout, s->log)))
		return tz_error_nomem(err);
	if (r->cfg->signup && !(s->mailer = ls_mailer_new(r->cfg, s->log, err)))
		return -1;
	if (r->cfg->track_clicks && !(s->clicks = ls_clicks_new(r->cfg->clicks_dir, err)))
		return -1;
	return 0;
}

static void server_release(struct ls_server *s)
{
	ls_slowguard_free(s->guard);
	ls_mailer_free(s->mailer);
	ls_clicks_free(s->clicks);
	ls_limiter_release(&s->general);
	ls_limiter_release(&s->signed_);
	ls_limiter_release(&s->signups);
	ls_limiter_release(&s->per_address);
	ls_limiter_release(&s->mail_all);
	ls_index_release(&s->index);
	ls_log_free(s->log);
	pthread_mutex_destroy(&s->write_mu);
}

int ls_http_run(const struct ls_run *r, struct tz_error *err)
{
	struct addrinfo *ai = NULL;
	struct MHD_Daemon *d;
	struct ls_server *s;
	const struct ls_limits *l = &r->cfg->lim;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	if (parse_listen(r->listen, &ai, err) || !ai)
		return -1;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s = tz_calloc(1, sizeof *s);
	if (!s) {
		freeaddrinfo(ai);
		return tz_error_nomem(err);
	}
	if (server_init(s, r, err)) {
		freeaddrinfo(ai);
		server_release(s);
		free(s);
		return -1;
	}
	d = MHD_start_daemon(flags, 0, NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, ai->ai_addr,
			     MHD_OPTION_URI_LOG_CALLBACK, uri_logged, s,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, s,
			     MHD_OPTION_NOTIFY_CONNECTION, connection_event, s,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(r->threads > 0 ? r->threads : 4),
			     MHD_OPTION_CONNECTION_LIMIT, l->connections,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, l->per_ip_connections,
			     MHD_OPTION_CONNECTION_TIMEOUT, l->connection_timeout,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)LS_CONN_MEMORY,
			     MHD_OPTION_CONNECTION_MEMORY_INCREMENT, (size_t)4096, MHD_OPTION_END);
	freeaddrinfo(ai);
	if (!d) {
		server_release(s);
		free(s);
		return tz_error_set(err, TZ_ERR_IO, NULL, 0,
				    "cannot listen on '%s' (in use, or not an address of this machine)",
				    r->listen);
	}
	ls_log_msg(s->log, "listening on %s, folder %s%s", r->listen, r->dir,
		   r->cfg->signup ? ", sign-up on" : "");
	while (!*r->stop) {
		struct timespec ts = {0, 100L * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	MHD_stop_daemon(d);
	ls_log_msg(s->log, "stopped");
	server_release(s);
	free(s);
	return 0;
}
