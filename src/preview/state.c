/*
 * state.c - what the preview page reads: the state as JSON
 * (/state.json), the Server-Sent Events stream that says "a new build is
 * there" (/events), and the test send, run as `techzine send --test` in
 * the background.
 */
#include <fcntl.h>
#include <microhttpd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "preview.h"
#include "../util/alloc.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

extern char **environ;

int tz_preview_state_json(struct tz_preview *p, struct tz_buf *out);
int tz_preview_sse(struct tz_preview *p, struct MHD_Connection *c);
int tz_preview_send_start(struct tz_preview *p);

static void jstr(struct tz_buf *b, const char *s)
{
	tz_buf_addc(b, '"');
	for (const unsigned char *q = (const unsigned char *)(s ? s : ""); *q; q++) {
		if (*q == '"' || *q == '\\')
			tz_buf_addf(b, "\\%c", *q);
		else if (*q < 0x20 || *q == 0x7f)
			tz_buf_addf(b, "\\u%04x", *q);
		else if (*q == '<') /* the JSON may be shown in a page: no tags */
			tz_buf_adds(b, "\\u003c");
		else
			tz_buf_addc(b, (char)*q);
	}
	tz_buf_addc(b, '"');
}

int tz_preview_state_json(struct tz_preview *p, struct tz_buf *b)
{
	struct tz_preview_state *s = &p->s;
	pthread_mutex_lock(&s->lock);
	tz_buf_addf(b, "{\"generation\":%u,\"building\":%s,\"ok\":%s,\"build_ms\":%.0f,"
		       "\"render_ms\":%.0f,\"built_at\":%lld,\"pages_rendered\":%zu,\"changed\":",
		    s->generation, s->building ? "true" : "false", s->build_ok ? "true" : "false",
		    s->build_ms, s->render_ms, s->built_at, s->pages_rendered);
	jstr(b, s->changed_files);
	tz_buf_addf(b, ",\"phases\":{\"debounce_ms\":%.0f,\"pdf_ms\":%.0f,\"html_ms\":%.0f,"
		       "\"hash_ms\":%.1f,\"render_ms\":%.0f,\"helper_pages\":%zu,\"ran_pdf\":%s,"
		       "\"ran_html\":%s,\"pdf_cpu_ms\":%.0f,\"html_cpu_ms\":%.0f,"
		       "\"render_cpu_ms\":%.0f}",
		    s->debounce_ms, s->pdf_ms, s->html_ms, s->hash_ms, s->render_ms, s->helper_pages,
		    s->ran_pdf ? "true" : "false", s->ran_html ? "true" : "false", s->pdf_cpu_ms,
		    s->html_cpu_ms, s->render_cpu_ms);
	tz_buf_adds(b, ",\"error\":");
	jstr(b, s->build_error);
	tz_buf_addf(b, ",\"errors\":%zu,\"warnings\":%zu,\"bleed\":%.3f,\"pages\":[", s->errors,
		    s->warnings, s->bleed_pt);
	for (size_t i = 0; i < s->npages; i++)
		tz_buf_addf(b, "%s{\"n\":%zu,\"w\":%.2f,\"h\":%.2f,\"v\":%u,\"hash\":\"%016llx\"}",
			    i ? "," : "", i + 1, s->pages[i].w, s->pages[i].h, s->pages[i].version,
			    s->pages[i].hash);
	tz_buf_adds(b, "],\"diags\":[");
	for (size_t i = 0; i < s->ndiags; i++) {
		const struct tz_preview_diag *d = &s->diags[i];
		tz_buf_addf(b, "%s{\"sev\":\"%s\",\"file\":", i ? "," : "",
			    d->sev == 'e' ? "error" : "warning");
		jstr(b, d->file);
		tz_buf_addf(b, ",\"line\":%ld,\"page\":%d,", d->line, d->page);
		if (d->box[2] > 0 && d->box[3] > 0)
			tz_buf_addf(b, "\"box\":[%.1f,%.1f,%.1f,%.1f],", d->box[0], d->box[1],
				    d->box[2], d->box[3]);
		tz_buf_adds(b, "\"msg\":");
		jstr(b, d->msg);
		tz_buf_addc(b, '}');
	}
	tz_buf_addf(b, "],\"newsletter\":{\"nl\":%s,\"en\":%s,\"html_bytes\":[%zu,%zu],"
		       "\"text_bytes\":[%zu,%zu],\"clip_bytes\":102400},\"subject\":",
		    s->have_lang[0] ? "true" : "false", s->have_lang[1] ? "true" : "false",
		    s->html_bytes[0], s->html_bytes[1], s->text_bytes[0], s->text_bytes[1]);
	jstr(b, s->subject);
	tz_buf_adds(b, ",\"preheader\":");
	jstr(b, s->preheader);
	tz_buf_adds(b, ",\"from\":");
	jstr(b, s->from);
	tz_buf_addf(b, ",\"tests\":%zu,\"sending\":%s,\"send_result\":", p->c->ntests,
		    s->sending ? "true" : "false");
	jstr(b, s->send_result);
	tz_buf_adds(b, ",\"csrf\":");
	jstr(b, p->csrf);
	int rc = tz_buf_adds(b, "}");
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* The event stream: one "build" event per new generation, a comment every
 * 15 s to keep proxies and the browser from closing it. */
struct sse {
	struct tz_preview *p;
	unsigned seen;
};

static ssize_t sse_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct sse *e = cls;
	struct tz_preview_state *s = &e->p->s;
	struct timespec until;
	(void)pos;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 15;
	pthread_mutex_lock(&s->lock);
	while (!s->stopping && s->generation == e->seen)
		if (pthread_cond_timedwait(&s->changed, &s->lock, &until))
			break;
	int stop = s->stopping;
	unsigned g = s->generation;
	int ok = s->build_ok;
	pthread_mutex_unlock(&s->lock);
	if (stop)
		return MHD_CONTENT_READER_END_OF_STREAM;
	int n;
	if (g != e->seen) {
		e->seen = g;
		n = snprintf(buf, max, "event: build\ndata: {\"generation\":%u,\"ok\":%s}\n\n", g,
			     ok ? "true" : "false");
	} else
		n = snprintf(buf, max, ": waiting\n\n");
	return n < 0 || (size_t)n >= max ? MHD_CONTENT_READER_END_WITH_ERROR : n;
}

int tz_preview_sse(struct tz_preview *p, struct MHD_Connection *c)
{
	struct sse *e = tz_calloc(1, sizeof *e);
	if (!e)
		return MHD_NO;
	e->p = p;
	pthread_mutex_lock(&p->s.lock);
	e->seen = p->s.generation;
	pthread_mutex_unlock(&p->s.lock);
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, sse_read,
								   e, free);
	if (!r) {
		free(e);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	int rc = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return rc;
}

static void *send_thread(void *arg)
{
	struct tz_preview *p = arg;
	char log[1200], *args[8 + 2 * TZ_PREVIEW_MAX_TESTS];
	size_t n = 0;
	snprintf(log, sizeof log, "%s/test-send.log", p->p.root);
	args[n++] = "techzine";
	args[n++] = "send";
	args[n++] = (char *)p->c->issue_path;
	if (p->c->smtp) {
		args[n++] = "--smtp";
		args[n++] = (char *)p->c->smtp;
		if (p->c->insecure_no_tls)
			args[n++] = "--insecure-no-tls";
	}
	for (size_t i = 0; i < p->c->ntests; i++) {
		args[n++] = "--test";
		args[n++] = (char *)p->c->tests[i];
	}
	args[n] = NULL;
	posix_spawn_file_actions_t fa;
	pid_t pid = -1;
	int st = -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!posix_spawn(&pid, p->p.self, &fa, NULL, args, environ))
		waitpid(pid, &st, 0);
	posix_spawn_file_actions_destroy(&fa);
	struct tz_buf out;
	struct tz_error err;
	tz_buf_init(&out, (size_t)1024 * 1024);
	tz_read_file(log, (size_t)1024 * 1024, &out, &err);
	pthread_mutex_lock(&p->s.lock);
	/* the last lines say what happened */
	const char *tail = out.data;
	for (int lines = 0, i = (int)out.len - 2; i >= 0; i--)
		if (out.data[i] == '\n' && ++lines == 4) {
			tail = out.data + i + 1;
			break;
		}
	snprintf(p->s.send_result, sizeof p->s.send_result, "%s (exit %d)\n%s",
		 st == 0 ? "test send done" : "test send failed",
		 WIFEXITED(st) ? WEXITSTATUS(st) : -1, tail);
	p->s.sending = 0;
	p->s.generation++; /* the page shows the result */
	pthread_cond_broadcast(&p->s.changed);
	pthread_mutex_unlock(&p->s.lock);
	tz_buf_release(&out);
	return NULL;
}

int tz_preview_send_start(struct tz_preview *p)
{
	pthread_t t;
	pthread_mutex_lock(&p->s.lock);
	if (p->s.sending) {
		pthread_mutex_unlock(&p->s.lock);
		return -1;
	}
	p->s.sending = 1;
	snprintf(p->s.send_result, sizeof p->s.send_result, "sending…");
	pthread_mutex_unlock(&p->s.lock);
	if (pthread_create(&t, NULL, send_thread, p)) {
		pthread_mutex_lock(&p->s.lock);
		p->s.sending = 0;
		pthread_mutex_unlock(&p->s.lock);
		return -1;
	}
	pthread_detach(t);
	return 0;
}
