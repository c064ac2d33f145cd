/*
 * send_floor.c - what sending costs in libcurl alone: one prebuilt message,
 * N times, over C persistent SMTP connections through the multi interface,
 * as `techzine send` drives curl (one easy handle per connection, removed
 * and added again per message, connection reuse, TCP_NODELAY), but with no
 * MIME building, no personalisation, no journal and no rate limit. If this
 * floor is under 80 % of smtp-source's rate, so is any libcurl sender.
 *
 * usage: send_floor URL N CONNECTIONS MESSAGE.eml
 * Prints "floor: N messages in S s, R msg/s". Not a test.
 */
#define _POSIX_C_SOURCE 200809L
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct conn {
	CURL *easy;
	struct curl_slist *rcpt;
	size_t off;
	int busy;
};

static const char *msg;
static size_t msglen;

static size_t read_cb(char *buf, size_t size, size_t n, void *userp)
{
	struct conn *c = userp;
	size_t want = size * n, left = msglen - c->off;
	if (want > left)
		want = left;
	memcpy(buf, msg + c->off, want);
	c->off += want;
	return want;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d = NULL;
	long n;
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(d = malloc((size_t)n + 1)) || fread(d, 1, (size_t)n, f) != (size_t)n) {
		if (f)
			fclose(f);
		free(d);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return d;
}

int main(int argc, char **argv)
{
	CURLM *multi;
	struct conn *conns;
	long n, nconn, started = 0, done = 0, failed = 0;
	double t0;
	char *m;

	if (argc != 5 || (n = strtol(argv[2], NULL, 10)) < 1 ||
	    (nconn = strtol(argv[3], NULL, 10)) < 1 || nconn > 64) {
		fprintf(stderr, "usage: send_floor URL N CONNECTIONS MESSAGE.eml\n");
		return 2;
	}
	if (!(m = slurp(argv[4], &msglen))) {
		fprintf(stderr, "send_floor: cannot read %s\n", argv[4]);
		return 3;
	}
	msg = m;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	multi = curl_multi_init();
	conns = calloc((size_t)nconn, sizeof *conns);
	if (!multi || !conns)
		return 3;
	curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, nconn);
	curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, nconn);
	for (long i = 0; i < nconn; i++) {
		struct conn *c = &conns[i];
		c->easy = curl_easy_init();
		c->rcpt = curl_slist_append(NULL, "<lezer@example.nl>");
		curl_easy_setopt(c->easy, CURLOPT_URL, argv[1]);
		curl_easy_setopt(c->easy, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(c->easy, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(c->easy, CURLOPT_READDATA, c);
		curl_easy_setopt(c->easy, CURLOPT_MAIL_FROM, "<bench@example.nl>");
		curl_easy_setopt(c->easy, CURLOPT_MAIL_RCPT, c->rcpt);
		curl_easy_setopt(c->easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msglen);
		curl_easy_setopt(c->easy, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(c->easy, CURLOPT_PRIVATE, c);
	}
	t0 = now();
	while (done < n) {
		int running, left;
		CURLMsg *cm;
		for (long i = 0; i < nconn && started < n; i++)
			if (!conns[i].busy) {
				conns[i].off = 0;
				conns[i].busy = 1;
				curl_multi_add_handle(multi, conns[i].easy);
				started++;
			}
		curl_multi_perform(multi, &running);
		while ((cm = curl_multi_info_read(multi, &left))) {
			struct conn *c;
			if (cm->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(cm->easy_handle, CURLINFO_PRIVATE, (char **)&c);
			failed += cm->data.result != CURLE_OK;
			curl_multi_remove_handle(multi, c->easy);
			c->busy = 0;
			done++;
		}
		if (running)
			curl_multi_poll(multi, NULL, 0, 100, NULL);
	}
	{
		double s = now() - t0;
		printf("floor: %ld messages in %.3f s, %.0f msg/s, %ld failed\n", n, s, (double)n / s,
		       failed);
	}
	for (long i = 0; i < nconn; i++) {
		curl_easy_cleanup(conns[i].easy);
		curl_slist_free_all(conns[i].rcpt);
	}
	free(conns);
	curl_multi_cleanup(multi);
	curl_global_cleanup();
	free(m);
	return failed ? 1 : 0;
}
