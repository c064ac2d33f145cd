/*
 * pages.c - the templates of the list server's pages (see pages.h). Slots
 * {{x}} are escaped; {{&x}} take fragments rendered from these templates.
 */
#include "pages.h"

#include <stdio.h>
#include <string.h>

#include "../util/banned.h"

const char ls_tpl_layout[] =
	"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width\"><title>TechZine</title>"
	"<style>body{font-family:sans-serif;max-width:34em;margin:2em auto;padding:0 1em;"
	"line-height:1.4}button{font-size:1.1em;padding:.5em 1.2em}label{display:block;"
	"margin:.6em 0 .2em}input[type=text],input[type=email],select{width:100%;font-size:1em;"
	"padding:.3em}fieldset{border:0;padding:0;margin:.6em 0}.hp{position:absolute;"
	"left:-10000px}.en{color:#555}</style></head><body><h1>TechZine</h1>{{&content}}"
	"</body></html>\n";

const char ls_tpl_message[] = "<p>{{nl}}</p><p class=\"en\" lang=\"en\">{{en}}</p>";

const char ls_tpl_unsub_ask[] =
	"<p>Wilt u zich afmelden voor de TechZine-nieuwsbrief?</p>"
	"<p class=\"en\" lang=\"en\">Do you want to unsubscribe from the TechZine newsletter?</p>"
	"<p><code>{{masked}}</code></p>"
	"<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
	"<button type=\"submit\">Afmelden / Unsubscribe</button></form>";

/* The sign-up form. ft is the signed time it was shown (the minimum
 * fill-in time); "website" is the honeypot, hidden from people. */
const char ls_tpl_form[] =
	"<p>Meld u aan voor de TechZine-nieuwsbrief.</p>"
	"<p class=\"en\" lang=\"en\">Subscribe to the TechZine newsletter.</p>{{&error}}"
	"<form method=\"post\" action=\"{{action}}\" id=\"signup\">"
	"<input type=\"hidden\" name=\"ft\" value=\"{{ft}}\">"
	"<input type=\"hidden\" name=\"src\" value=\"{{src}}\">"
	"<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">Website</label>"
	"<input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\">"
	"</div>"
	"<label for=\"email\">E-mailadres / e-mail address</label>"
	"<input type=\"email\" id=\"email\" name=\"email\" required maxlength=\"254\">"
	"<label for=\"name\">Naam / name</label>"
	"<input type=\"text\" id=\"name\" name=\"name\" maxlength=\"100\" autocomplete=\"name\">"
	"<label for=\"language\">Taal / language</label>"
	"<select id=\"language\" name=\"language\">{{&languages}}</select>"
	"<label for=\"municipality\">Gemeente / municipality</label>"
	"<select id=\"municipality\" name=\"municipality\"><option value=\"\">-</option>"
	"{{&municipalities}}</select>"
	"<fieldset><legend>Interesses / interests</legend>{{&interests}}</fieldset>"
	"<label><input type=\"checkbox\" name=\"consent\" value=\"{{version}}\" required> {{consent_nl}}"
	" <span class=\"en\" lang=\"en\">{{consent_en}}</span></label>"
	"<p><button type=\"submit\">Aanmelden / Subscribe</button></p></form>";

const char ls_tpl_confirm_ask[] =
	"<p>Bevestig uw aanmelding voor de TechZine-nieuwsbrief.</p>"
	"<p class=\"en\" lang=\"en\">Please confirm your subscription to the TechZine newsletter.</p>"
	"<p><code>{{masked}}</code></p>"
	"<form method=\"post\"><input type=\"hidden\" name=\"confirm\" value=\"yes\">"
	"<button type=\"submit\" id=\"confirm\">Bevestigen / Confirm</button></form>";

const char ls_tpl_prefs[] =
	"<p>Uw voorkeuren voor de TechZine-nieuwsbrief.</p>"
	"<p class=\"en\" lang=\"en\">Your TechZine newsletter preferences.</p>"
	"<p><code>{{masked}}</code></p>{{&notice}}"
	"<form method=\"post\" action=\"/p/\" id=\"prefs\">"
	"<input type=\"hidden\" name=\"e\" value=\"{{e}}\">"
	"<input type=\"hidden\" name=\"t\" value=\"{{t}}\">"
	"<input type=\"hidden\" name=\"csrf\" value=\"{{csrf}}\">"
	"<label for=\"name\">Naam / name</label>"
	"<input type=\"text\" id=\"name\" name=\"name\" maxlength=\"100\" value=\"{{name}}\">"
	"<label for=\"language\">Taal / language</label>"
	"<select id=\"language\" name=\"language\">{{&languages}}</select>"
	"<label for=\"municipality\">Gemeente / municipality</label>"
	"<select id=\"municipality\" name=\"municipality\"><option value=\"\">-</option>"
	"{{&municipalities}}</select>"
	"<fieldset><legend>Interesses / interests</legend>{{&interests}}</fieldset>"
	"<p><button type=\"submit\" name=\"action\" value=\"save\" id=\"save\">Opslaan / Save</button> "
	"<button type=\"submit\" name=\"action\" value=\"unsubscribe\" id=\"unsubscribe\">"
	"Afmelden / Unsubscribe</button></p></form>";

const char ls_tpl_option[] = "<option value=\"{{value}}\"{{&selected}}>{{label}}</option>";

const char ls_tpl_checkbox[] =
	"<label><input type=\"checkbox\" name=\"interests\" value=\"{{value}}\"{{&checked}}> "
	"{{label}}</label>";

void ls_page(struct ls_reply *rp, unsigned code, const char *what, const char *tpl,
	     const struct ls_var *vars, size_t n)
{
	struct tz_buf content;
	struct ls_var v[1];
	tz_buf_init(&content, (size_t)128 * 1024);
	ls_reply_what(rp, code, what);
	tz_buf_reset(&rp->body);
	v[0].name = "content";
	v[0].value = content.data;
	if (ls_tpl_render(&content, tpl, vars, n) ||
	    (v[0].value = content.data, ls_tpl_render(&rp->body, ls_tpl_layout, v, 1))) {
		tz_buf_reset(&rp->body);
		ls_reply_what(rp, 500, "page template failed");
		tz_buf_adds(&rp->body, "<!DOCTYPE html><p>500</p>\n");
	}
	tz_buf_release(&content);
}

void ls_page_message(struct ls_reply *rp, unsigned code, const char *what, const char *nl,
		     const char *en)
{
	struct ls_var v[] = {{"nl", nl}, {"en", en}};
	ls_page(rp, code, what, ls_tpl_message, v, 2);
}

void ls_page_status(struct ls_reply *rp)
{
	static const struct {
		unsigned code;
		const char *nl, *en;
	} msgs[] = {
		{400, "Dit verzoek is niet begrepen.", "This request was not understood."},
		{403, "Deze link is niet geldig.", "This link is not valid."},
		{404, "Deze pagina bestaat niet.", "There is no such page."},
		{405, "Dit kan hier niet.", "Method not allowed."},
		{410, "Deze link is verlopen.", "This link has expired."},
		{413, "Dit verzoek is te groot.", "This request is too large."},
		{414, "Dit adres is te lang.", "This address is too long."},
		{429, "Te veel verzoeken; probeer het straks opnieuw.", "Too many requests; please try again later."},
		{431, "De kopregels van dit verzoek zijn te groot.", "The request's header fields are too large."},
		{503, "Probeer het later opnieuw.", "Please try again later."},
	};
	char what[96];
	snprintf(what, sizeof what, "%s", rp->what);
	if (rp->code < 400) {
		ls_page_message(rp, rp->code, what, "U wordt doorgestuurd.", "Redirecting.");
		return;
	}
	for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if (msgs[i].code == rp->code) {
			ls_page_message(rp, rp->code, what, msgs[i].nl, msgs[i].en);
			return;
		}
	ls_page_message(rp, rp->code, what, "Er ging iets mis.", "Something went wrong.");
}

int ls_options(struct tz_buf *out, const struct ls_choices *cs, const char *selected)
{
	for (size_t i = 0; i < cs->n; i++) {
		char label[512];
		struct ls_var v[] = {{"value", cs->v[i].value},
				     {"selected", selected && strcmp(selected, cs->v[i].value) == 0
							  ? " selected" : ""},
				     {"label", label}};
		snprintf(label, sizeof label, "%s%s%s", cs->v[i].nl,
			 strcmp(cs->v[i].nl, cs->v[i].en) ? " / " : "",
			 strcmp(cs->v[i].nl, cs->v[i].en) ? cs->v[i].en : "");
		if (ls_tpl_render(out, ls_tpl_option, v, 3))
			return -1;
	}
	return 0;
}

/* Is value one of the ';'-separated items of list? */
static int in_list(const char *list, const char *value)
{
	size_t n = strlen(value);
	for (const char *p = list; p && *p;) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		if (len == n && strncmp(p, value, n) == 0)
			return 1;
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

int ls_checkboxes(struct tz_buf *out, const struct ls_choices *cs, const char *selected)
{
	for (size_t i = 0; i < cs->n; i++) {
		char label[512];
		struct ls_var v[] = {{"value", cs->v[i].value},
				     {"checked", in_list(selected, cs->v[i].value) ? " checked" : ""},
				     {"label", label}};
		snprintf(label, sizeof label, "%s%s%s", cs->v[i].nl,
			 strcmp(cs->v[i].nl, cs->v[i].en) ? " / " : "",
			 strcmp(cs->v[i].nl, cs->v[i].en) ? cs->v[i].en : "");
		if (ls_tpl_render(out, ls_tpl_checkbox, v, 3))
			return -1;
	}
	return 0;
}
