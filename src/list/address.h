/*
 * address.h - what counts as a subscriber's address, and its one spelling.
 *
 * The one idea: an address is normalised once, when it enters a list
 * (trimmed, <> and mailto: dropped, domain lower-cased and an IDN domain
 * turned into punycode by libidn2), and from then on compared by its key:
 * the whole normalised address in ASCII lower case. Tokens and suppression
 * hashes are computed from the key, so "Jan@Example.NL" and
 * "jan@example.nl" are one person everywhere.
 *
 * Not accepted (each with a reason): quoted local parts, non-ASCII local
 * parts (SMTPUTF8), domain literals, domains without a dot.
 */
#ifndef TZ_ADDRESS_H
#define TZ_ADDRESS_H

#include <stddef.h>

#define TZ_ADDRESS_MAX 256 /* buffer size: 254 octets (RFC 5321) + NUL */

/* Normalise s into out (TZ_ADDRESS_MAX). 0 on success; -1 with *why set
 * to a short reason ("no '@'", "domain 'x' has no dot", ...). */
int tz_address_normalise(const char *s, char *out, const char **why);
/* The comparison key of a normalised address (ASCII lower case). */
void tz_address_key(const char *addr, char *out);
/* For lists and logs that must not show it: "j***@e***.nl". */
void tz_address_mask(const char *addr, char *out, size_t n);

#endif
