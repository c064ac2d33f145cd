/*
 * http.c - the preview's HTTP side (libmicrohttpd): a route table, one
 * handler per route, the security headers set in one place for every
 * answer (error pages included), and the checks every request passes
 * first: the Host is this server (no DNS rebinding), a remote client has
 * the start-up token, a POST comes from this page's Origin with its CSRF
 * token. Only the test send (POST /send) has an effect; everything else
 * reads files under out/<issue>/preview/ or the issue folder.
 */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preview.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../web/template.h"
#include "../util/banned.h"

#define MAX_FILE ((size_t)64 * 1024 * 1024)
#define MAX_BODY ((size_t)64 * 1024)

struct route {
	const char *method;
	const char *prefix; /* exact when it does not end in '/' */
	int (*fn)(struct tz_preview *p, struct MHD_Connection *c, const char *url);
};

int tz_preview_send_start(struct tz_preview *p);
int tz_preview_state_json(struct tz_preview *p, struct tz_buf *out);
int tz_preview_sse(struct tz_preview *p, struct MHD_Connection *c);
extern const char tz_preview_js[], tz_preview_css[];

static int answer(struct MHD_Connection *c, unsigned code, const char *type, const void *data,
		  size_t len, int frame_self)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", frame_self ? "SAMEORIGIN" : "DENY");
	MHD_add_response_header(r, "Content-Security-Policy",
				frame_self ? "default-src 'none'; img-src 'self' http: https: data:; style-src 'unsafe-inline'; "
					     "frame-ancestors 'self'"
					   : "default-src 'none'; script-src 'self'; style-src 'self'; "
					     "img-src 'self'; frame-src 'self'; connect-src 'self'; "
					     "frame-ancestors 'none'; form-action 'none'; base-uri 'none'");
	int rc = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return rc;
}

int tz_preview_answer(struct MHD_Connection *c, unsigned code, const char *type,
		      const void *data, size_t len);
int tz_preview_answer(struct MHD_Connection *c, unsigned code, const char *type,
		      const void *data, size_t len)
{
	return answer(c, code, type, data, len, 0);
}

static int error_page(struct MHD_Connection *c, unsigned code, const char *msg)
{
	char body[512];
	int n = snprintf(body, sizeof body, "%u %s\n", code, msg);
	return answer(c, code, "text/plain; charset=utf-8", body, (size_t)n, 0);
}

static int send_file(struct MHD_Connection *c, const char *path, const char *type, int frame_self)
{
	struct tz_buf b;
	struct tz_error err;
	tz_buf_init(&b, MAX_FILE + 1);
	if (tz_read_file(path, MAX_FILE, &b, &err)) {
		tz_buf_release(&b);
		return error_page(c, 404, "not found");
	}
	int rc = answer(c, 200, type, b.data, b.len, frame_self);
	tz_buf_release(&b);
	return rc;
}

/* /page/N.png (72 dpi, for the spreads) and /large/N.png (108 dpi, made
 * when it is first asked for) */
static int get_page(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	int large = !strncmp(url, "/large/", 7);
	const char *num = url + (large ? strlen("/large/") : strlen("/page/"));
	char path[1200];
	size_t digits = strspn(num, "0123456789");
	if (!digits || digits > 3 || strcmp(num + digits, ".png"))
		return error_page(c, 404, "not found");
	long n = strtol(num, NULL, 10);
	pthread_mutex_lock(&p->s.lock);
	size_t npages = p->s.npages;
	pthread_mutex_unlock(&p->s.lock);
	if (n < 1 || (size_t)n > npages)
		return error_page(c, 404, "no such page");
	if (large) {
		struct tz_error err;
		tz_error_clear(&err);
		if (tz_preview_large(p, (int)n, path, sizeof path, &err))
			return error_page(c, 500, "cannot draw the page large");
	} else
		snprintf(path, sizeof path, "%s/pages/p%03ld.png", p->p.root, n);
	return send_file(c, path, "image/png", 0);
}

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".html"))
		return "text/html; charset=utf-8";
	if (!strcmp(dot, ".txt"))
		return "text/plain; charset=utf-8";
	if (!strcmp(dot, ".jpg") || !strcmp(dot, ".jpeg"))
		return "image/jpeg";
	if (!strcmp(dot, ".png"))
		return "image/png";
	if (!strcmp(dot, ".css"))
		return "text/css";
	return "application/octet-stream";
}

/* /nl/newsletter.html, /en/newsletter.txt, /nl/web/images/x.jpg: files of
 * the newsletter build, confined to root/<lang>/ */
static int get_newsletter(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	char root[1200];
	struct tz_error err;
	const char *rest = url + 4;
	if (strstr(url, "..") || strstr(url, "//") || strchr(url, '\\') || !*rest)
		return error_page(c, 404, "not found");
	snprintf(root, sizeof root, "%s/%.2s", p->p.root, url + 1);
	char *path = tz_path_confined(root, root, rest, &err);
	if (!path)
		return error_page(c, 404, "not found");
	int rc = send_file(c, path, type_of(path), 1);
	free(path);
	return rc;
}

/* /source?file=stories/een.xml&line=12: the lines around it, escaped,
 * from a file inside the issue folder only */
static int get_source(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	const char *file = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "file");
	const char *ls = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "line");
	struct tz_error err;
	struct tz_buf src, out;
	(void)url;
	if (!file || !*file || strlen(file) > 512)
		return error_page(c, 400, "give file and line");
	long line = ls ? strtol(ls, NULL, 10) : 1;
	if (line < 1 || line > 10000000)
		line = 1;
	/* as the diagnostics print it (from the working folder), or from the
	 * issue folder; either way it must be inside the issue folder */
	char *path = tz_path_confined(p->p.issue_dir, ".", file, &err);
	if (!path)
		path = tz_path_confined(p->p.issue_dir, p->p.issue_dir, file, &err);
	if (!path)
		return error_page(c, 404, "not a file of this issue");
	tz_buf_init(&src, (size_t)16 * 1024 * 1024 + 1);
	tz_buf_init(&out, 0);
	if (tz_read_file(path, (size_t)16 * 1024 * 1024, &src, &err)) {
		free(path);
		tz_buf_release(&src);
		return error_page(c, 404, "cannot read it");
	}
	free(path);
	tz_buf_adds(&out, "<pre class=\"src\">");
	long n = 1;
	const char *s = src.data, *end = src.data + src.len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (n >= line - 6 && n <= line + 6) {
			tz_buf_addf(&out, "<span class=\"ln%s\">%5ld  ", n == line ? " hit" : "", n);
			tz_html_escape(&out, s, len);
			tz_buf_adds(&out, "</span>\n");
		}
		n++;
		s += len + 1;
	}
	tz_buf_adds(&out, "</pre>");
	int rc = answer(c, 200, "text/html; charset=utf-8", out.data, out.len, 0);
	tz_buf_release(&src);
	tz_buf_release(&out);
	return rc;
}

static int get_index(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	struct tz_buf b;
	(void)url;
	tz_buf_init(&b, 0);
	tz_preview_page_html(p, &b);
	int rc = answer(c, 200, "text/html; charset=utf-8", b.data, b.len, 0);
	tz_buf_release(&b);
	return rc;
}

static int get_state(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	struct tz_buf b;
	(void)url;
	tz_buf_init(&b, 0);
	tz_preview_state_json(p, &b);
	int rc = answer(c, 200, "application/json", b.data, b.len, 0);
	tz_buf_release(&b);
	return rc;
}

static int get_js(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	(void)p;
	(void)url;
	return answer(c, 200, "text/javascript; charset=utf-8", tz_preview_js, strlen(tz_preview_js), 0);
}

static int get_css(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	(void)p;
	(void)url;
	return answer(c, 200, "text/css; charset=utf-8", tz_preview_css, strlen(tz_preview_css), 0);
}

static int get_events(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	(void)url;
	return tz_preview_sse(p, c);
}

static int post_send(struct tz_preview *p, struct MHD_Connection *c, const char *url)
{
	const char *csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	char want[300];
	(void)url;
	/* the page's own origin: the Host it was served as (checked already) */
	snprintf(want, sizeof want, "http://%.280s", host ? host : "");
	if (!origin || strcmp(origin, want))
		return error_page(c, 403, "the request does not come from the preview page");
	if (!csrf || strlen(csrf) != strlen(p->csrf) || strcmp(csrf, p->csrf))
		return error_page(c, 403, "missing or wrong CSRF token");
	if (!p->c->ntests)
		return error_page(c, 409, "no test addresses: start the preview with --test-to ADDRESS");
	if (tz_preview_send_start(p))
		return error_page(c, 409, "a test send is running");
	return answer(c, 202, "text/plain; charset=utf-8", "sending\n", 8, 0);
}

static const struct route routes[] = {
	{"GET", "/", get_index},
	{"GET", "/app.js", get_js},
	{"GET", "/app.css", get_css},
	{"GET", "/state.json", get_state},
	{"GET", "/events", get_events},
	{"GET", "/page/", get_page},
	{"GET", "/large/", get_page},
	{"GET", "/nl/", get_newsletter},
	{"GET", "/en/", get_newsletter},
	{"GET", "/source", get_source},
	{"POST", "/send", post_send},
};

/* Host must be the address the server listens on (or localhost with its
 * port): a page elsewhere cannot reach the preview by rebinding a name. */
static int host_ok(const struct tz_preview *p, const char *host)
{
	const char *want = p->origin + strlen("http://");
	if (!host)
		return 0;
	if (!strcmp(host, want))
		return 1;
	const char *port = strrchr(want, ':');
	char local[300];
	snprintf(local, sizeof local, "localhost%s", port ? port : "");
	return !p->c->allow_remote ? !strcmp(host, local) : 1;
}

static int token_ok(const struct tz_preview *p, struct MHD_Connection *c, int *set_cookie)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	const char *k = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "tz_preview");
	*set_cookie = 0;
	if (!p->c->allow_remote)
		return 1;
	if (q && !strcmp(q, p->token)) {
		*set_cookie = 1;
		return 1;
	}
	return k && !strcmp(k, p->token);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *size, void **con_cls)
{
	struct tz_preview *p = cls;
	int cookie;
	(void)version;
	(void)data;
	if (!*con_cls) { /* headers only so far */
		size_t *body = tz_calloc(1, sizeof *body);
		if (!body)
			return MHD_NO;
		*con_cls = body;
		return MHD_YES;
	}
	size_t *body = *con_cls;
	if (*size) { /* no route takes a body: read it away (bounded), then refuse */
		*body += *size;
		*size = 0;
		return *body > MAX_BODY ? MHD_NO : MHD_YES;
	}
	if (*body)
		return error_page(c, 413, "no request body is accepted") == MHD_YES ? MHD_YES : MHD_NO;
	if (!host_ok(p, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host")))
		return error_page(c, 421, "wrong Host") == MHD_YES ? MHD_YES : MHD_NO;
	if (!token_ok(p, c, &cookie))
		return error_page(c, 401, "this preview needs the token printed at its start") == MHD_YES
			       ? MHD_YES
			       : MHD_NO;
	if (cookie) { /* set the token as a cookie, then show the page without it */
		struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		char ck[128];
		snprintf(ck, sizeof ck, "tz_preview=%s; HttpOnly; SameSite=Strict; Path=/", p->token);
		MHD_add_response_header(r, "Set-Cookie", ck);
		MHD_add_response_header(r, "Location", url);
		MHD_add_response_header(r, "Cache-Control", "no-store");
		MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
		MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
		int rc = MHD_queue_response(c, 303, r);
		MHD_destroy_response(r);
		return rc == MHD_YES ? MHD_YES : MHD_NO;
	}
	for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		const struct route *r = &routes[i];
		size_t n = strlen(r->prefix);
		int prefix = r->prefix[n - 1] == '/' && n > 1;
		if (prefix ? strncmp(url, r->prefix, n) : strcmp(url, r->prefix))
			continue;
		if (strcmp(method, r->method) && !(!strcmp(method, "HEAD") && !strcmp(r->method, "GET")))
			return error_page(c, 405, "method not allowed") == MHD_YES ? MHD_YES : MHD_NO;
		return r->fn(p, c, url) == MHD_YES ? MHD_YES : MHD_NO;
	}
	return error_page(c, 404, "not found") == MHD_YES ? MHD_YES : MHD_NO;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	free(*con_cls);
	*con_cls = NULL;
}

struct MHD_Daemon *tz_preview_http_start(struct tz_preview *p, struct tz_error *err)
{
	char host[256];
	const char *listen = p->c->listen, *colon = strrchr(listen, ':');
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof host) {
		tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
			     "--listen wants ADDRESS:PORT, like 127.0.0.1:8090, not '%s'", listen);
		return NULL;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	long port = strtol(colon + 1, NULL, 10);
	struct sockaddr_in *sin = (struct sockaddr_in *)(void *)&ss;
	sin->sin_family = AF_INET;
	sin->sin_port = htons((uint16_t)port);
	if (port < 1 || port > 65535 || inet_pton(AF_INET, host, &sin->sin_addr) != 1) {
		tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
			     "--listen '%s': give an IPv4 address and a port (127.0.0.1:8090)", listen);
		return NULL;
	}
	int loopback = (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
	if (!loopback && !p->c->allow_remote) {
		tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
			     "--listen %s is not a loopback address: the preview shows unpublished "
			     "work; add --allow-remote to serve it with a token", listen);
		return NULL;
	}
	snprintf(p->origin, sizeof p->origin, "http://%s", listen);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG, 0,
		NULL, NULL, handle, p, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)sin,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)32, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned)24, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768, MHD_OPTION_NOTIFY_COMPLETED,
		completed, NULL, MHD_OPTION_END);
	if (!d)
		tz_error_set(err, TZ_ERR_IO, NULL, 0,
			     "cannot listen on '%s' (in use, or not an address of this machine)", listen);
	return d;
}
