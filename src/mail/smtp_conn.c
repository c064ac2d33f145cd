/*
 * smtp_conn.c - one connection of the SMTP engine (see smtp_engine.h): its
 * easy handle on its own multi handle, the callbacks that follow the
 * session (set up, replies counted, credentials kept out of the trace),
 * waiting on all connections' sockets at once, and the EHLO name.
 *
 * The session is ready when curl calls the pre-request callback: greeting,
 * EHLO, STARTTLS and AUTH are behind it and MAIL FROM is next. Replies
 * before it are about the session; complete replies after it are counted
 * (MAIL, RCPT, DATA, end of data), so a failure knows where it came.
 * Also here: the settings check and the URL that carries the EHLO name.
 */
#include "smtp_engine.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/clock.h"
#include "../util/banned.h"

static size_t read_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct conn *c = userp;
	size_t want = size * nitems, left = c->m.data.len - c->off;
	if (want > left)
		want = left;
	memcpy(buf, c->m.data.data + c->off, want);
	c->off += want;
	return want;
}

/* Every SMTP reply line comes through here: count the complete replies
 * since the session was ready, keep the first failure's line. */
static size_t header_cb(char *buf, size_t size, size_t nitems, void *userp)
{
	struct conn *c = userp;
	size_t len = size * nitems, k = 0;
	/* keep the first failure: curl's QUIT answer ("221 Bye") comes after */
	if (c->reply[0] == '4' || c->reply[0] == '5')
		return size * nitems;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		len--;
	if (c->ready && (len == 3 || (len > 3 && buf[3] == ' ')))
		c->replies++;
	for (size_t i = 0; i < len && k + 1 < sizeof c->reply; i++)
		c->reply[k++] = (unsigned char)buf[i] < 0x20 ? ' ' : buf[i];
	c->reply[k] = 0;
	return size * nitems;
}

/* curl is about to send MAIL FROM: the session is set up (or reused). */
static int prereq_cb(void *userp, char *primary_ip, char *local_ip, int primary_port,
		     int local_port)
{
	struct conn *c = userp;
	struct engine *e = c->e;
	(void)primary_ip;
	(void)local_ip;
	(void)primary_port;
	(void)local_port;
	c->open = 1;
	c->ready = 1;
	c->replies = 0;
	c->reply[0] = 0;
	e->session_ok = 1;
	e->last_good = tz_clock_seconds();
	e->outage_backoff = 0;
	e->st->unreachable = 0;
	return CURL_PREREQFUNC_OK;
}

/*
 * --verbose: curl's protocol trace on stderr, minus the credentials. curl
 * prints the AUTH command and the SASL answers as sent (base64 of user and
 * password), so every client line that is not a plain SMTP command is shown
 * as hidden; message data is never shown.
 */
static int trace_cb(CURL *h, curl_infotype type, char *data, size_t size, void *userp)
{
	static const char *const plain[] = {"EHLO ", "HELO ", "MAIL ", "RCPT ", "DATA", "QUIT",
					    "RSET", "NOOP", "STARTTLS", NULL};
	int shown = 0;

	(void)h;
	(void)userp;
	switch (type) {
	case CURLINFO_TEXT:
		fputs("* ", stderr);
		fwrite(data, 1, size, stderr);
		break;
	case CURLINFO_HEADER_IN:
		fputs("< ", stderr);
		fwrite(data, 1, size, stderr);
		break;
	case CURLINFO_HEADER_OUT:
		for (const char *const *p = plain; *p; p++)
			shown |= size >= strlen(*p) && !strncasecmp(data, *p, strlen(*p));
		fputs("> ", stderr);
		if (shown)
			fwrite(data, 1, size, stderr);
		else
			fputs("[credentials hidden]\n", stderr);
		break;
	default: /* message data and TLS records */
		break;
	}
	return 0;
}

int tz_smtp_conn_setup(struct engine *e, struct conn *c)
{
	const struct tz_smtp_config *cfg = e->cfg;
	int tls_implicit = strncmp(cfg->url, "smtps://", 8) == 0;
	CURL *h;
	c->e = e;
	c->multi = curl_multi_init();
	if (!c->multi)
		return -1;
	/* one session per connection, never more */
	curl_multi_setopt(c->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, 1L);
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, 1L);
	h = curl_easy_init();
	if (!h)
		return -1;
	c->easy = h;
	curl_easy_setopt(h, CURLOPT_URL, e->url);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, c);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, prereq_cb);
	curl_easy_setopt(h, CURLOPT_PREREQDATA, c);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_PRIVATE, c);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 120L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* --insecure-no-tls: STARTTLS all the same when the server offers it */
	if (!tls_implicit)
		curl_easy_setopt(h, CURLOPT_USE_SSL,
				 cfg->insecure_no_tls ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_ALL);
	if (cfg->cacert)
		curl_easy_setopt(h, CURLOPT_CAINFO, cfg->cacert);
	if (cfg->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->password);
	} else if (e->netrc)
		curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (cfg->verbose) {
		curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, trace_cb);
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	}
	return 0;
}

void tz_smtp_conn_release(struct conn *c)
{
	if (c->easy) {
		if (c->busy)
			curl_multi_remove_handle(c->multi, c->easy);
		curl_easy_cleanup(c->easy);
	}
	if (c->multi)
		curl_multi_cleanup(c->multi);
	curl_slist_free_all(c->rcpt);
	tz_buf_release(&c->m.data);
	tz_buf_release(&c->ahead.data);
}

#define MAX_POLL 256

void tz_smtp_conn_wait(struct engine *e, int timeout_ms)
{
	struct pollfd pfd[MAX_POLL];
	nfds_t n = 0;
	for (int i = 0; i < e->cfg->connections; i++) {
		struct conn *c = &e->conns[i];
		fd_set r, w, x;
		int maxfd = -1;
		long t = -1;
		if (!c->busy)
			continue;
		FD_ZERO(&r);
		FD_ZERO(&w);
		FD_ZERO(&x);
		if (curl_multi_fdset(c->multi, &r, &w, &x, &maxfd) != CURLM_OK)
			continue;
		curl_multi_timeout(c->multi, &t);
		if (t >= 0 && t < timeout_ms)
			timeout_ms = (int)t;
		/* curl is between sockets (resolving, closing): look again soon */
		if (maxfd < 0 && timeout_ms > 20)
			timeout_ms = 20;
		for (int fd = 0; fd <= maxfd && n < MAX_POLL; fd++) {
			short ev = (short)((FD_ISSET(fd, &r) ? POLLIN : 0) |
					   (FD_ISSET(fd, &w) ? POLLOUT : 0) |
					   (FD_ISSET(fd, &x) ? POLLPRI : 0));
			if (ev)
				pfd[n++] = (struct pollfd){fd, ev, 0};
		}
	}
	if (timeout_ms < 0)
		timeout_ms = 0;
	poll(n ? pfd : NULL, n, timeout_ms);
}

static int helo_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 253)
		return 0;
	if (s[0] == '[')
		return s[n - 1] == ']' && strspn(s + 1, "0123456789abcdefABCDEF.:Pv6I") == n - 2;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") == n &&
	       s[0] != '-' && s[0] != '.';
}

/* "[192.0.2.1]" or "[IPv6:2001:db8::1]": the local address toward host */
static int address_literal(const char *url, char *out, size_t n)
{
	char host[256];
	const char *p = strstr(url, "://"), *end;
	struct addrinfo hints, *ai = NULL;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char addr[INET6_ADDRSTRLEN];
	int fd, rc = -1;

	memset(&ss, 0, sizeof ss);
	if (!p)
		return -1;
	p += 3;
	if (*p == '[') {
		p++;
		end = strchr(p, ']');
	} else
		end = p + strcspn(p, ":/");
	if (!end || (size_t)(end - p) >= sizeof host)
		return -1;
	memcpy(host, p, (size_t)(end - p));
	host[end - p] = 0;
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_DGRAM;
	if (getaddrinfo(host, "25", &hints, &ai) || !ai)
		return -1;
	/* a UDP connect only picks the route: no packet is sent */
	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
	    getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET &&
		    inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, sizeof addr))
			rc = snprintf(out, n, "[%s]", addr) < (int)n ? 0 : -1;
		else if (ss.ss_family == AF_INET6 &&
			 inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, sizeof addr))
			rc = snprintf(out, n, "[IPv6:%s]", addr) < (int)n ? 0 : -1;
	}
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return rc;
}

int tz_smtp_helo_name(const char *helo, const char *url, char *out, size_t n)
{
	char host[256];
	struct addrinfo hints, *ai = NULL;
	if (helo) {
		if (!helo_ok(helo) || snprintf(out, n, "%s", helo) >= (int)n)
			return -1;
		return 0;
	}
	/* RFC 5321 4.1.4: the FQDN, or else an address literal */
	if (gethostname(host, sizeof host) == 0) {
		host[sizeof host - 1] = 0;
		memset(&hints, 0, sizeof hints);
		hints.ai_flags = AI_CANONNAME;
		if (getaddrinfo(host, NULL, &hints, &ai) == 0 && ai && ai->ai_canonname &&
		    strchr(ai->ai_canonname, '.') && helo_ok(ai->ai_canonname) &&
		    snprintf(out, n, "%s", ai->ai_canonname) < (int)n) {
			freeaddrinfo(ai);
			return 0;
		}
		if (ai)
			freeaddrinfo(ai);
		if (strchr(host, '.') && helo_ok(host) && snprintf(out, n, "%s", host) < (int)n)
			return 0;
	}
	if (address_literal(url, out, n) == 0)
		return 0;
	snprintf(out, n, "localhost");
	return 0;
}

int tz_smtp_check_config(const struct tz_smtp_config *cfg, struct tz_error *err)
{
	const char *u = cfg->url, *path;
	char name[300];
	int tls_implicit = strncmp(u, "smtps://", 8) == 0;
	if (!tls_implicit && strncmp(u, "smtp://", 7) != 0)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "unsupported SMTP URL '%s' (use smtp://host:587 or smtps://host:465)", u);
	if (strpbrk(u, "\r\n \t"))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad character in SMTP URL");
	if (strchr(u + 7, '@'))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "credentials in the SMTP URL are refused; use "
				    "TECHZINE_SMTP_USER/TECHZINE_SMTP_PASSWORD or ~/.netrc");
	path = strchr(u + (tls_implicit ? 8 : 7), '/');
	if (path && path[1] && cfg->helo)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "the SMTP URL '%s' names the EHLO host already; drop its path or --helo", u);
	if (tz_smtp_helo_name(cfg->helo, u, name, sizeof name))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "bad --helo name '%s' (a host name like mail.example.nl or an "
				    "address literal like [192.0.2.1])", cfg->helo ? cfg->helo : "");
	if ((cfg->user && !cfg->password) || (!cfg->user && cfg->password))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "set both TECHZINE_SMTP_USER and TECHZINE_SMTP_PASSWORD, or neither");
	if (cfg->connections < 1 || cfg->connections > 64 || cfg->per_connection < 1)
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0, "bad connection settings");
	return 0;
}

/* cfg->url with the EHLO name as its path (curl's way to set it). */
char *tz_smtp_url_with_helo(const struct tz_smtp_config *cfg)
{
	const char *u = cfg->url;
	const char *path = strchr(u + (strncmp(u, "smtps://", 8) == 0 ? 8 : 7), '/');
	char name[300];
	struct tz_buf b;
	if (path && path[1])
		return tz_strdup(u); /* the URL names it */
	if (tz_smtp_helo_name(cfg->helo, u, name, sizeof name))
		return NULL;
	tz_buf_init(&b, 4096);
	if (tz_buf_add(&b, u, path ? (size_t)(path - u) : strlen(u)) || tz_buf_addc(&b, '/')) {
		tz_buf_release(&b);
		return NULL;
	}
	for (const char *p = name; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' ? tz_buf_addc(&b, *p) : tz_buf_addf(&b, "%%%02X", (unsigned char)*p)) {
			tz_buf_release(&b);
			return NULL;
		}
	return tz_buf_detach(&b, NULL);
}
