/*
 * fetch.c - parallel, limited HTTP downloads (see fetch.h).
 *
 * One easy handle per request, all in one multi handle with a cap on
 * transfers at once. The size limit is checked twice: CURLOPT_MAXFILESIZE
 * refuses an announced Content-Length early, and the write callback refuses
 * the byte that passes the limit (a server may lie or send no length, and a
 * gzip body may grow when decoded).
 */
#include "fetch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "../util/alloc.h"
#include "../util/banned.h"

void tz_fetch_options_default(struct tz_fetch_options *o)
{
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 30000;
	o->max_redirects = 3;
	o->parallel = 8;
}

void tz_fetch_init(struct tz_fetch *f, const char *url, size_t max_bytes)
{
	memset(f, 0, sizeof(*f));
	f->url = url;
	f->max_bytes = max_bytes;
	tz_buf_init(&f->body, max_bytes + 1);
}

void tz_fetch_release(struct tz_fetch *f)
{
	tz_buf_release(&f->body);
	free(f->new_etag);
	free(f->new_last_modified);
	free(f->effective_url);
	f->new_etag = f->new_last_modified = f->effective_url = NULL;
}

int tz_fetch_header_value_ok(const char *v)
{
	if (!v || !*v || strlen(v) > 512)
		return 0;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

struct transfer {
	struct tz_fetch *f;
	CURL *easy;
	struct curl_slist *headers;
	int too_large;
	int nomem;
};

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
	struct transfer *t = user;
	size_t len = size * n;

	if (t->f->body.len + len > t->f->max_bytes) {
		t->too_large = 1;
		return 0; /* stops the transfer: CURLE_WRITE_ERROR */
	}
	if (tz_buf_add(&t->f->body, data, len)) {
		t->nomem = 1;
		return 0;
	}
	return len;
}

/* Keep a validator header of the last response (redirects reset them). */
static void keep_header(char **dst, const char *line, size_t len, const char *name)
{
	size_t n = strlen(name), end;
	const char *v;

	if (len <= n || strncasecmp(line, name, n))
		return;
	v = line + n;
	len -= n;
	while (len && (*v == ' ' || *v == '\t')) {
		v++;
		len--;
	}
	end = len;
	while (end && (v[end - 1] == '\r' || v[end - 1] == '\n' || v[end - 1] == ' '))
		end--;
	free(*dst);
	*dst = tz_strndup(v, end);
	if (*dst && !tz_fetch_header_value_ok(*dst)) {
		free(*dst); /* never store (and later send) a hostile value */
		*dst = NULL;
	}
}

static size_t on_header(char *data, size_t size, size_t n, void *user)
{
	struct transfer *t = user;
	size_t len = size * n;

	if (len >= 5 && !strncmp(data, "HTTP/", 5)) {
		free(t->f->new_etag);
		free(t->f->new_last_modified);
		t->f->new_etag = t->f->new_last_modified = NULL;
		return len;
	}
	keep_header(&t->f->new_etag, data, len, "etag:");
	keep_header(&t->f->new_last_modified, data, len, "last-modified:");
	return len;
}

static int add_header(struct transfer *t, const char *name, const char *value)
{
	char line[600];
	struct curl_slist *l;

	if (!tz_fetch_header_value_ok(value))
		return 0; /* a damaged cache entry: just fetch unconditionally */
	if (snprintf(line, sizeof(line), "%s: %s", name, value) >= (int)sizeof(line))
		return 0;
	l = curl_slist_append(t->headers, line);
	if (!l)
		return -1;
	t->headers = l;
	return 0;
}

static int setup(struct transfer *t, const struct tz_fetch_options *o)
{
	CURL *e = curl_easy_init();

	if (!e)
		return -1;
	t->easy = e;
	if (add_header(t, "If-None-Match", t->f->etag) ||
	    add_header(t, "If-Modified-Since", t->f->last_modified))
		return -1;
	if (curl_easy_setopt(e, CURLOPT_URL, t->f->url) ||
	    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") ||
	    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") ||
	    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L) ||
	    curl_easy_setopt(e, CURLOPT_MAXREDIRS, o->max_redirects) ||
	    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms) ||
	    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o->timeout_ms) ||
	    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->f->max_bytes) ||
	    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) ||
	    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "") ||
	    curl_easy_setopt(e, CURLOPT_USERAGENT, "techzine-gather/" TZ_VERSION) ||
	    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers) ||
	    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) ||
	    curl_easy_setopt(e, CURLOPT_WRITEDATA, t) ||
	    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) ||
	    curl_easy_setopt(e, CURLOPT_HEADERDATA, t) ||
	    curl_easy_setopt(e, CURLOPT_PRIVATE, t))
		return -1;
	return 0;
}

static void finish(struct transfer *t, CURLcode rc)
{
	struct tz_fetch *f = t->f;
	char *eff = NULL;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &f->status);
	if (curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
		f->effective_url = tz_strdup(eff);
	if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		snprintf(f->why, sizeof(f->why), "larger than the limit of %zu bytes",
			 f->max_bytes);
		return;
	}
	if (t->nomem) {
		snprintf(f->why, sizeof(f->why), "out of memory");
		return;
	}
	if (rc != CURLE_OK) {
		snprintf(f->why, sizeof(f->why), "%s", curl_easy_strerror(rc));
		f->why[0] = (char)(f->why[0] >= 'A' && f->why[0] <= 'Z' ? f->why[0] + 32 : f->why[0]);
		return;
	}
	if (f->status == 304) {
		f->ok = f->not_modified = 1;
		return;
	}
	if (f->status < 200 || f->status > 299) {
		snprintf(f->why, sizeof(f->why), "HTTP status %ld", f->status);
		return;
	}
	f->ok = 1;
}

int tz_fetch_all(struct tz_fetch *f, size_t n, const struct tz_fetch_options *o)
{
	struct transfer *t;
	CURLM *multi;
	size_t next = 0, active = 0;
	int running = 0, rc = 0;

	if (!n)
		return 0;
	t = tz_calloc(n, sizeof(*t));
	multi = curl_multi_init();
	if (!t || !multi) {
		for (size_t i = 0; i < n; i++)
			snprintf(f[i].why, sizeof(f[i].why), "cannot set up libcurl");
		free(t);
		if (multi)
			curl_multi_cleanup(multi);
		return -1;
	}
	curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, o->parallel);
	for (size_t i = 0; i < n; i++)
		t[i].f = &f[i];
	for (;;) {
		CURLMsg *m;
		int left;

		while (next < n && active < (size_t)o->parallel) {
			struct transfer *x = &t[next++];
			if (setup(x, o) || curl_multi_add_handle(multi, x->easy)) {
				snprintf(x->f->why, sizeof(x->f->why), "cannot set up the request");
				continue;
			}
			active++;
		}
		if (!active)
			break;
		if (curl_multi_perform(multi, &running) != CURLM_OK) {
			rc = -1;
			break;
		}
		while ((m = curl_multi_info_read(multi, &left))) {
			struct transfer *x = NULL;
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			finish(x, m->data.result);
			curl_multi_remove_handle(multi, x->easy);
			active--;
		}
		if (running && curl_multi_poll(multi, NULL, 0, 1000, NULL) != CURLM_OK) {
			rc = -1;
			break;
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (t[i].easy) {
			curl_multi_remove_handle(multi, t[i].easy);
			curl_easy_cleanup(t[i].easy);
		}
		curl_slist_free_all(t[i].headers);
		if (rc && !f[i].ok && !f[i].why[0])
			snprintf(f[i].why, sizeof(f[i].why), "transfer interrupted");
	}
	curl_multi_cleanup(multi);
	free(t);
	return rc;
}
