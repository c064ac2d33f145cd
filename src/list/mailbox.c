/*
 * mailbox.c - Maildir and IMAP access for the bounce processor (mailbox.h).
 */
#include "mailbox.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

static int add_id(struct tz_mailbox *mb, const char *id, size_t len)
{
	char *s = tz_strndup(id, len);
	if (!s || tz_array_grow((void **)&mb->ids, &mb->cap, mb->n + 1, sizeof *mb->ids)) {
		free(s);
		return -1;
	}
	mb->ids[mb->n++] = s;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Maildir info ":2,FLAGS": has it the S (seen) flag? */
static int seen(const char *name)
{
	const char *info = strstr(name, ":2,");
	return info && strchr(info + 3, 'S');
}

static int maildir_list(struct tz_mailbox *mb, struct tz_error *err)
{
	static const char *const subs[] = {"new", "cur"};
	for (int k = 0; k < 2; k++) {
		char *dir = tz_path_join(mb->root, subs[k]);
		DIR *d;
		struct dirent *e;
		if (!dir)
			return tz_error_nomem(err);
		d = opendir(dir);
		if (!d) {
			tz_error_set(err, TZ_ERR_IO, dir, 0, "'%s' is not a Maildir (no %s/): %s",
				     mb->root, subs[k], strerror(errno));
			free(dir);
			return -1;
		}
		while ((e = readdir(d))) {
			char id[1024];
			if (e->d_name[0] == '.' || seen(e->d_name))
				continue;
			snprintf(id, sizeof id, "%s/%s", subs[k], e->d_name);
			if (add_id(mb, id, strlen(id))) {
				closedir(d);
				free(dir);
				return tz_error_nomem(err);
			}
		}
		closedir(d);
		free(dir);
	}
	if (mb->n)
		qsort(mb->ids, mb->n, sizeof *mb->ids, by_name);
	return 0;
}

static size_t collect(char *p, size_t size, size_t n, void *ud)
{
	struct tz_buf *b = ud;
	return tz_buf_add(b, p, size * n) ? 0 : size * n;
}

/* Run one IMAP command on the mailbox URL; the untagged answer in out. */
static int imap_run(struct tz_mailbox *mb, const char *url, const char *command,
		    struct tz_buf *out, struct tz_error *err)
{
	CURL *c = mb->curl;
	CURLcode rc;
	const char *user = getenv("TECHZINE_IMAP_USER"), *pass = getenv("TECHZINE_IMAP_PASSWORD");
	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (mb->cacert)
		curl_easy_setopt(c, CURLOPT_CAINFO, mb->cacert);
	if (user && pass) {
		curl_easy_setopt(c, CURLOPT_USERNAME, user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, pass);
	} else
		curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	if (command)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 300L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK)
		return tz_error_set(err, rc == CURLE_LOGIN_DENIED ? TZ_ERR_USAGE : TZ_ERR_NETWORK,
				    NULL, 0, "IMAP %s on '%s' failed: %s%s", command ? command : "FETCH",
				    mb->root, curl_easy_strerror(rc),
				    rc == CURLE_LOGIN_DENIED
					    ? " (set TECHZINE_IMAP_USER and TECHZINE_IMAP_PASSWORD, or ~/.netrc)"
					    : "");
	return 0;
}

static int imap_list(struct tz_mailbox *mb, struct tz_error *err)
{
	struct tz_buf out;
	const char *p;
	tz_buf_init(&out, (size_t)16 * 1024 * 1024);
	if (imap_run(mb, mb->root, "UID SEARCH UNSEEN", &out, err)) {
		tz_buf_release(&out);
		return -1;
	}
	p = strstr(out.data, "* SEARCH");
	for (p = p ? p + 8 : NULL; p && *p && *p != '\r' && *p != '\n';) {
		char *end;
		while (*p == ' ')
			p++;
		(void)strtoul(p, &end, 10);
		if (end == p)
			break;
		if (add_id(mb, p, (size_t)(end - p))) {
			tz_buf_release(&out);
			return tz_error_nomem(err);
		}
		p = end;
	}
	tz_buf_release(&out);
	return 0;
}

int tz_mailbox_open(struct tz_mailbox *mb, const char *where, const char *cacert,
		    struct tz_error *err)
{
	memset(mb, 0, sizeof *mb);
	mb->cacert = cacert;
	mb->imap = strncmp(where, "imap://", 7) == 0 || strncmp(where, "imaps://", 8) == 0;
	mb->root = tz_strdup(where);
	if (!mb->root)
		return tz_error_nomem(err);
	if (!mb->imap)
		return maildir_list(mb, err);
	/* the URL names the mailbox: imaps://host/INBOX (no trailing slash) */
	while (strlen(mb->root) > 8 && mb->root[strlen(mb->root) - 1] == '/')
		mb->root[strlen(mb->root) - 1] = 0;
	if (!strchr(mb->root + (mb->root[4] == 's' ? 8 : 7), '/'))
		return tz_error_set(err, TZ_ERR_USAGE, NULL, 0,
				    "the IMAP URL must name the mailbox, as in imaps://host/INBOX");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	mb->curl = curl_easy_init();
	if (!mb->curl)
		return tz_error_nomem(err);
	return imap_list(mb, err);
}

int tz_mailbox_read(struct tz_mailbox *mb, size_t i, size_t max, struct tz_buf *out,
		    struct tz_error *err)
{
	if (!mb->imap) {
		char *p = tz_path_join(mb->root, mb->ids[i]);
		int rc;
		if (!p)
			return tz_error_nomem(err);
		rc = tz_read_file(p, max, out, err);
		free(p);
		return rc;
	} else {
		/* libcurl's own FETCH (BODY[]) marks the message seen; libcurl
		 * does not hand over the literal of a custom BODY.PEEK[] FETCH,
		 * so tz_mailbox_keep() clears \Seen again for what is left */
		struct tz_buf url;
		int rc;
		tz_buf_init(&url, 8192);
		if (tz_buf_addf(&url, "%s/;UID=%s", mb->root, mb->ids[i])) {
			tz_buf_release(&url);
			return tz_error_nomem(err);
		}
		rc = imap_run(mb, url.data, NULL, out, err);
		tz_buf_release(&url);
		if (!rc && out->len > max)
			rc = tz_error_set(err, TZ_ERR_LIMIT, NULL, 0, "message larger than %zu bytes", max);
		return rc;
	}
}

int tz_mailbox_done(struct tz_mailbox *mb, size_t i, struct tz_error *err)
{
	if (!mb->imap) {
		const char *name = strchr(mb->ids[i], '/') + 1;
		char *from = tz_path_join(mb->root, mb->ids[i]), to[2048];
		const char *info = strstr(name, ":2,");
		int rc = 0;
		if (!from)
			return tz_error_nomem(err);
		if (info)
			snprintf(to, sizeof to, "%s/cur/%.*s:2,%sS", mb->root, (int)(info - name), name,
				 info + 3);
		else
			snprintf(to, sizeof to, "%s/cur/%s:2,S", mb->root, name);
		if (rename(from, to))
			rc = tz_error_set(err, TZ_ERR_IO, from, 0, "cannot mark '%s' as handled: %s",
					  from, strerror(errno));
		free(from);
		return rc;
	} else {
		struct tz_buf raw;
		char cmd[128];
		int rc;
		tz_buf_init(&raw, 65536);
		snprintf(cmd, sizeof cmd, "UID STORE %s +FLAGS (\\Seen)", mb->ids[i]);
		rc = imap_run(mb, mb->root, cmd, &raw, err);
		tz_buf_release(&raw);
		return rc;
	}
}

int tz_mailbox_keep(struct tz_mailbox *mb, size_t i, struct tz_error *err)
{
	struct tz_buf raw;
	char cmd[128];
	int rc;
	if (!mb->imap)
		return 0; /* reading a file marks nothing */
	tz_buf_init(&raw, 65536);
	snprintf(cmd, sizeof cmd, "UID STORE %s -FLAGS (\\Seen)", mb->ids[i]);
	rc = imap_run(mb, mb->root, cmd, &raw, err);
	tz_buf_release(&raw);
	return rc;
}

const char *tz_mailbox_name(const struct tz_mailbox *mb, size_t i)
{
	return mb->ids[i];
}

void tz_mailbox_close(struct tz_mailbox *mb)
{
	for (size_t i = 0; i < mb->n; i++)
		free(mb->ids[i]);
	free(mb->ids);
	free(mb->root);
	if (mb->curl)
		curl_easy_cleanup(mb->curl);
	memset(mb, 0, sizeof *mb);
}
