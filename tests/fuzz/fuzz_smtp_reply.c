/*
 * fuzz_smtp_reply.c - libFuzzer harness: the classification of SMTP server
 * replies (mail/smtp_reply.h), which read what a relay sends.
 *
 * The first byte picks the phase (0..4), the rest is one reply line (cut at
 * the first NUL, as the engine's header callback keeps it). Enhanced codes
 * must come out as "d.d.d" within 15 characters or empty; the words must be
 * a suffix of the reply; the verdict must be one of the enum's values and a
 * 2xx/3xx code never throttles.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/smtp_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char reply[256], enh[16];
	const char *words;
	size_t n;
	int code = 0;
	enum tz_smtp_verdict v;
	if (size < 1)
		return 0;
	n = size - 1 < sizeof reply - 1 ? size - 1 : sizeof reply - 1;
	memcpy(reply, data + 1, n);
	reply[n] = 0;
	tz_smtp_enhanced(reply, enh, sizeof enh);
	if (enh[0] && (strlen(enh) < 5 || strspn(enh, "0123456789.") != strlen(enh)))
		abort();
	words = tz_smtp_reply_words(reply);
	if (words < reply || words > reply + strlen(reply))
		abort();
	for (int i = 0; i < 3 && reply[i] >= '0' && reply[i] <= '9'; i++)
		code = code * 10 + (reply[i] - '0');
	v = tz_smtp_classify(code, enh, reply, (enum tz_smtp_phase)(data[0] % 5),
			     "<bounce+abc@bounces.example.nl>");
	if (v < TZ_V_RECIPIENT || v > TZ_V_QUOTA)
		abort();
	(void)tz_smtp_too_many_sessions(reply);
	return 0;
}
