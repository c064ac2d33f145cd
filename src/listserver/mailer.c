/*
 * mailer.c - building and delivering confirmation mails (see mailer.h).
 */
#include "mailer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sign.h"
#include "tpl.h"
#include "../mail/dkim.h"
#include "../mail/mime.h"
#include "../mail/outbox.h"
#include "../mail/smtp.h"
#include "../util/alloc.h"
#include "../util/banned.h"

struct job {
	char *msg;
	size_t len;
	char rcpt[TZ_ADDRESS_MAX];
	char tag[LS_TAG_SIZE];
};

struct ls_mailer {
	const struct ls_config *c;
	struct ls_log *log;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct job q[LS_MAILER_QUEUE];
	size_t head, n;
	int stopping;
	struct tz_outbox ob;
	char from_addr[TZ_ADDRESS_MAX];
	volatile sig_atomic_t stop_smtp;
	struct tz_dkim dkim; /* no keys: not signed */
	pthread_mutex_t dkim_mu; /* the signer reuses its buffers */
};

static const char text_nl[] =
	"Hallo {{name}},\n\n"
	"U (of iemand met uw e-mailadres) heeft zich aangemeld voor de TechZine-nieuwsbrief.\n"
	"Bevestig uw aanmelding binnen 7 dagen op deze pagina:\n\n{{url}}\n\n"
	"Heeft u zich niet aangemeld? Dan hoeft u niets te doen: zonder bevestiging\n"
	"ontvangt u niets.\n\n-- \nTechZine, Dutch TechZone\n";
static const char text_en[] =
	"Hello {{name}},\n\n"
	"You (or someone with your e-mail address) signed up for the TechZine newsletter.\n"
	"Please confirm within 7 days on this page:\n\n{{url}}\n\n"
	"Did not sign up? Then there is nothing to do: without a confirmation you\n"
	"will receive nothing.\n\n-- \nTechZine, Dutch TechZone\n";
static const char html_nl[] =
	"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>TechZine</title>"
	"</head><body style=\"font-family:sans-serif\"><p>Hallo {{name}},</p>"
	"<p>U (of iemand met uw e-mailadres) heeft zich aangemeld voor de TechZine-nieuwsbrief. "
	"Bevestig uw aanmelding binnen 7 dagen:</p><p><a href=\"{{url}}\">Aanmelding bevestigen</a>"
	"</p><p>Heeft u zich niet aangemeld? Dan hoeft u niets te doen: zonder bevestiging "
	"ontvangt u niets.</p></body></html>\n";
static const char html_en[] =
	"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>TechZine</title>"
	"</head><body style=\"font-family:sans-serif\"><p>Hello {{name}},</p>"
	"<p>You (or someone with your e-mail address) signed up for the TechZine newsletter. "
	"Please confirm within 7 days:</p><p><a href=\"{{url}}\">Confirm my subscription</a>"
	"</p><p>Did not sign up? Then there is nothing to do: without a confirmation you will "
	"receive nothing.</p></body></html>\n";

/* Plain text slots are not HTML: render the text with a copy of the
 * template engine's rules but no escaping (the values were checked by
 * ls_text_ok: no control characters). */
static int render_text(struct tz_buf *out, const char *tpl, const char *name, const char *url)
{
	const char *p = tpl;
	for (;;) {
		const char *open = strstr(p, "{{");
		if (!open)
			return tz_buf_adds(out, p);
		if (tz_buf_add(out, p, (size_t)(open - p)))
			return -1;
		if (strncmp(open, "{{name}}", 8) == 0) {
			if (tz_buf_adds(out, name))
				return -1;
			p = open + 8;
		} else if (strncmp(open, "{{url}}", 7) == 0) {
			if (tz_buf_adds(out, url))
				return -1;
			p = open + 7;
		} else
			return -1;
	}
}

int ls_confirm_mail(const struct ls_config *c, const struct ls_signup *su, const char *url,
		    struct tz_buf *out, struct tz_error *err)
{
	int en = strcmp(su->fields.language, "en") == 0;
	const char *greet = *su->fields.name ? su->fields.name : (en ? "reader" : "lezer");
	struct ls_var v[] = {{"name", greet}, {"url", url}};
	struct tz_buf text, html;
	struct tz_mail_msg m;
	char from_name[512], from_addr[512], msgid[256];
	const char *at;
	int rc = -1;
	tz_buf_init(&text, 65536);
	tz_buf_init(&html, 65536);
	if (tz_mail_split_address(c->from, from_name, from_addr, sizeof from_name))
		return tz_error_set(err, TZ_ERR_CONTENT, c->path, 0,
				    "mail from '%s' is not an address", c->from);
	if (render_text(&text, en ? text_en : text_nl, greet, url) ||
	    ls_tpl_render(&html, en ? html_en : html_nl, v, 2)) {
		tz_error_nomem(err);
		goto out;
	}
	at = strrchr(from_addr, '@');
	memset(&m, 0, sizeof m);
	m.from_name = *from_name ? from_name : NULL;
	m.from_addr = from_addr;
	m.to_name = *su->fields.name ? su->fields.name : NULL;
	m.to_addr = su->address;
	m.subject = en ? "Confirm your TechZine newsletter subscription"
		       : "Bevestig uw aanmelding voor de TechZine-nieuwsbrief";
	m.msgid_domain = at ? at + 1 : "localhost";
	m.date = time(NULL);
	m.text = text.data;
	m.text_len = text.len;
	m.html = html.data;
	m.html_len = html.len;
	rc = tz_mime_build(&m, out, msgid, sizeof msgid, err);
out:
	tz_buf_release(&text);
	tz_buf_release(&html);
	return rc;
}

struct one {
	struct ls_mailer *m;
	struct job *j;
	int ok;
	char reply[256];
};

static int smtp_build(void *ctx, size_t item, struct tz_smtp_message *msg, struct tz_error *err)
{
	struct one *o = ctx;
	(void)item;
	snprintf(msg->from, sizeof msg->from, "%s", o->m->from_addr);
	snprintf(msg->rcpt, sizeof msg->rcpt, "%s", o->j->rcpt);
	if (tz_buf_add(&msg->data, o->j->msg, o->j->len))
		return tz_error_nomem(err);
	return 0;
}

static int smtp_result(void *ctx, size_t item, const struct tz_smtp_message *msg,
		       const struct tz_smtp_result *r, struct tz_error *err)
{
	struct one *o = ctx;
	(void)item;
	(void)msg;
	(void)err;
	o->ok = r->outcome == TZ_SMTP_OK;
	snprintf(o->reply, sizeof o->reply, "%d %s", r->code, r->enhanced);
	return 0;
}

static void deliver(struct ls_mailer *m, struct job *j)
{
	struct tz_error err;
	tz_error_clear(&err);
	if (m->c->smtp) {
		struct tz_smtp_config cfg;
		struct tz_smtp_stats st;
		struct one o = {m, j, 0, ""};
		struct tz_smtp_source src = {&o, smtp_build, smtp_result, NULL};
		size_t item = 0;
		memset(&cfg, 0, sizeof cfg);
		cfg.url = m->c->smtp;
		cfg.user = getenv("TECHZINE_SMTP_USER");
		cfg.password = getenv("TECHZINE_SMTP_PASSWORD");
		cfg.cacert = m->c->cacert;
		cfg.insecure_no_tls = m->c->insecure_no_tls;
		cfg.connections = 1;
		cfg.per_connection = 1;
		cfg.retry_for = 60;
		cfg.retry_base = 5;
		cfg.stop = &m->stop_smtp;
		memset(&st, 0, sizeof st);
		if (tz_smtp_run(&cfg, &item, 1, &src, &st, &err) || !o.ok)
			ls_log_msg(m->log, "confirmation mail addr=%s not delivered: %s", j->tag,
				   err.msg[0] ? err.msg : o.reply);
		else
			ls_log_msg(m->log, "confirmation mail addr=%s delivered", j->tag);
	} else if (tz_outbox_put(&m->ob, j->msg, j->len, &err) ||
		   tz_outbox_close(&m->ob, &err) || tz_outbox_open(&m->ob, m->c->outbox, &err))
		ls_log_msg(m->log, "confirmation mail addr=%s not written: %s", j->tag, err.msg);
	else
		ls_log_msg(m->log, "confirmation mail addr=%s in the outbox", j->tag);
}

static void *run(void *arg)
{
	struct ls_mailer *m = arg;
	pthread_mutex_lock(&m->mu);
	for (;;) {
		struct job j;
		while (!m->n && !m->stopping)
			pthread_cond_wait(&m->cv, &m->mu);
		if (!m->n)
			break;
		j = m->q[m->head];
		m->head = (m->head + 1) % LS_MAILER_QUEUE;
		m->n--;
		pthread_mutex_unlock(&m->mu);
		deliver(m, &j);
		free(j.msg);
		pthread_mutex_lock(&m->mu);
	}
	pthread_mutex_unlock(&m->mu);
	return NULL;
}

struct ls_mailer *ls_mailer_new(const struct ls_config *c, struct ls_log *log,
				struct tz_error *err)
{
	struct ls_mailer *m = tz_calloc(1, sizeof *m);
	char name[512];
	if (!m) {
		tz_error_nomem(err);
		return NULL;
	}
	m->c = c;
	m->log = log;
	if (!c->from || tz_mail_split_address(c->from, name, m->from_addr, sizeof name)) {
		tz_error_set(err, TZ_ERR_CONTENT, c->path, 0,
			     "<mail from> is not an address like 'TechZine <nieuwsbrief@example.nl>'");
		free(m);
		return NULL;
	}
	tz_dkim_init(&m->dkim);
	if (c->dkim_key && tz_dkim_add_key(&m->dkim, c->dkim_domain, c->dkim_selector, c->dkim_key,
					   c->path, c->dkim_line, err)) {
		tz_dkim_release(&m->dkim);
		free(m);
		return NULL;
	}
	if (c->smtp) {
		struct tz_smtp_config cfg;
		memset(&cfg, 0, sizeof cfg);
		cfg.url = c->smtp;
		cfg.insecure_no_tls = c->insecure_no_tls;
		cfg.user = getenv("TECHZINE_SMTP_USER");
		cfg.password = getenv("TECHZINE_SMTP_PASSWORD");
		cfg.connections = 1;
		cfg.per_connection = 1;
		if (tz_smtp_check_config(&cfg, err)) {
			tz_dkim_release(&m->dkim);
			free(m);
			return NULL;
		}
	} else if (tz_outbox_open(&m->ob, c->outbox, err)) {
		tz_dkim_release(&m->dkim);
		free(m);
		return NULL;
	}
	pthread_mutex_init(&m->mu, NULL);
	pthread_mutex_init(&m->dkim_mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	if (pthread_create(&m->thread, NULL, run, m)) {
		tz_outbox_close(&m->ob, err);
		tz_dkim_release(&m->dkim);
		pthread_mutex_destroy(&m->dkim_mu);
		free(m);
		tz_error_set(err, TZ_ERR_IO, NULL, 0, "cannot start the mailer thread");
		return NULL;
	}
	return m;
}

void ls_mailer_free(struct ls_mailer *m)
{
	struct tz_error err;
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	m->stopping = 1;
	/* an outbox drains in moments; a relay that is down must not hold the
	 * shutdown for its retries: what is not delivered now is logged */
	m->stop_smtp = 1;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	tz_outbox_close(&m->ob, &err);
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
	pthread_mutex_destroy(&m->dkim_mu);
	tz_dkim_release(&m->dkim);
	free(m);
}

int ls_mailer_queue(struct ls_mailer *m, const struct ls_signup *su, const char *url,
		    const char *tag)
{
	struct tz_buf msg;
	struct tz_error err;
	struct job *j;
	tz_buf_init(&msg, (size_t)1024 * 1024);
	tz_error_clear(&err);
	if (ls_confirm_mail(m->c, su, url, &msg, &err)) {
		ls_log_msg(m->log, "confirmation mail addr=%s not built: %s", tag, err.msg);
		tz_buf_release(&msg);
		return -1;
	}
	if (m->dkim.n) {
		int rc;
		pthread_mutex_lock(&m->dkim_mu);
		rc = tz_dkim_sign(&m->dkim, &msg, 0, &err);
		pthread_mutex_unlock(&m->dkim_mu);
		if (rc) {
			ls_log_msg(m->log, "confirmation mail addr=%s not signed: %s", tag, err.msg);
			tz_buf_release(&msg);
			return -1;
		}
	}
	pthread_mutex_lock(&m->mu);
	if (m->n >= LS_MAILER_QUEUE || m->stopping) {
		pthread_mutex_unlock(&m->mu);
		tz_buf_release(&msg);
		return -1;
	}
	j = &m->q[(m->head + m->n) % LS_MAILER_QUEUE];
	j->msg = tz_buf_detach(&msg, &j->len);
	snprintf(j->rcpt, sizeof j->rcpt, "%s", su->address);
	snprintf(j->tag, sizeof j->tag, "%s", tag);
	m->n++;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	return 0;
}
