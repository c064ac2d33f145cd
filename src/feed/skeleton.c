/*
 * skeleton.c - a story to fill in (see skeleton.h).
 *
 * Every part the officer must write says NOG INVULLEN, so `techzine check`
 * lists what is left (model/ready.c), and the story starts as
 * status="concept". The comments explain each element in the officer's
 * language; they are valid against schema/story.rng as written.
 */
#include "skeleton.h"

#include <string.h>

#include "../util/banned.h"

static const char *const kinds[] = {"news", "parel", "interview", "column", "event", "figures"};

int tz_skeleton_kind_ok(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof(kinds) / sizeof(*kinds); i++)
		if (!strcmp(kinds[i], kind))
			return 1;
	return 0;
}

int tz_skeleton_id_ok(const char *id)
{
	size_t n = id ? strlen(id) : 0;

	if (n == 0 || n > 80 || !(id[0] >= 'a' && id[0] <= 'z'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
			return 0;
	return 1;
}

static const char *kicker_for(const char *kind)
{
	static const struct {
		const char *kind, *kicker;
	} k[] = {{"news", "Nieuws"}, {"parel", "Parel"}, {"interview", "Interview"},
		 {"column", "Column"}, {"event", "Agenda"}, {"figures", "Cijfers"}};
	for (size_t i = 0; i < sizeof(k) / sizeof(*k); i++)
		if (!strcmp(k[i].kind, kind))
			return k[i].kicker;
	return "Nieuws";
}

int tz_story_skeleton(struct tz_buf *b, const char *id, const char *kind, const char *lang,
		      const char *date)
{
	int r = 0;

	r |= tz_buf_adds(b,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<!-- Een verhaal voor TechZine. Vervang elke NOG INVULLEN; 'techzine check'\n"
		"     noemt wat nog open staat, met bestand en regel. Is het verhaal af, zet\n"
		"     dan status=\"klaar\" (een concept wordt nooit gepubliceerd).\n"
		"     Tekens: schrijf & als &amp; en < als &lt;; aanhalingstekens in de tekst\n"
		"     mogen gewoon (\"zo\" of “zo”), maar om een attribuutwaarde altijd \"…\".\n"
		"     Data schrijf je jaar-maand-dag: 2027-02-12.\n"
		"     Uitleg per element: README.md, the officer's guide, 'Writing a story'. -->\n");
	r |= tz_buf_addf(b, "<story id=\"%s\" kind=\"%s\" lang=\"%s\" status=\"concept\">\n", id,
			 kind, lang);
	r |= tz_buf_addf(b,
		"  <!-- bovenregel boven de kop (mag weg) -->\n"
		"  <kicker>%s</kicker>\n"
		"  <headline>NOG INVULLEN: de kop</headline>\n"
		"  <!-- de inleiding: een of twee zinnen boven het verhaal -->\n"
		"  <lead>NOG INVULLEN: de inleiding.</lead>\n"
		"  <byline>Tekst: NOG INVULLEN</byline>\n"
		"  <!-- de datum van het verhaal, jaar-maand-dag -->\n"
		"  <date>%s</date>\n"
		"  <!-- Borger-Odoorn, Coevorden, Emmen, Hardenberg, Hoogeveen of Regio -->\n"
		"  <municipality>Regio</municipality>\n"
		"  <body>\n"
		"    <p>NOG INVULLEN: de eerste alinea. Binnen een alinea: <em>schuin</em>,\n"
		"      <strong>vet</strong> en <a href=\"https://www.dutchtechzone.nl\">een link</a>.</p>\n"
		"    <!-- een tussenkop: <h2>Tussenkop</h2>\n"
		"         een citaat:    <quote by=\"Naam, functie\">Wat er gezegd is.</quote>\n"
		"         een foto (het bestand in images/, naast dit verhaal; zie README.md, the officer's guide\n"
		"         voor de maten):\n"
		"         <figure src=\"images/%s-1.jpg\"><alt>Wat er op de foto te zien is</alt>\n"
		"           <caption>Onderschrift</caption><credit>Foto: naam</credit></figure> -->\n",
		kicker_for(kind), date, id);
	if (!strcmp(kind, "figures"))
		r |= tz_buf_adds(b,
			"    <keyfigures title=\"NOG INVULLEN\" source=\"bron\">\n"
			"      <!-- getallen zonder punten: 118000, decimalen met een punt: 3.5 -->\n"
			"      <kf label=\"NOG INVULLEN\" value=\"0\" unit=\"\"/>\n"
			"    </keyfigures>\n");
	r |= tz_buf_adds(b, "  </body>\n");
	if (!strcmp(kind, "parel"))
		r |= tz_buf_adds(b,
			"  <!-- het bedrijf: website met https://, employees en founded als getal -->\n"
			"  <company name=\"NOG INVULLEN\" website=\"https://www.dutchtechzone.nl\" place=\"NOG INVULLEN\"/>\n");
	if (!strcmp(kind, "event"))
		r |= tz_buf_addf(b,
			"  <!-- het evenement: de datum (jaar-maand-dag) staat in de agenda;\n"
			"       registration is het adres van de aanmeldpagina (mag weg) -->\n"
			"  <event date=\"%s\" time=\"NOG INVULLEN\" place=\"NOG INVULLEN\"\n"
			"         registration=\"https://www.dutchtechzone.nl\"/>\n",
			date);
	r |= tz_buf_adds(b, "</story>\n");
	return r ? -1 : 0;
}
