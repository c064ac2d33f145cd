/*
 * addrmap.h - a set of addresses kept as 64-bit hashes of their key, each
 * with one state byte: what the report needs to join a list to a journal
 * without holding an address (16 bytes a slot, open addressing).
 *
 * Two addresses of a 100,000-recipient send share a 64-bit hash with a
 * chance of about 3e-10; the report's counts can afford that.
 */
#ifndef TZ_ADDRMAP_H
#define TZ_ADDRMAP_H

#include <stddef.h>
#include <stdint.h>

struct tz_addrmap_slot {
	uint64_t h; /* 0: empty */
	char state; /* 'R' in the set, 'S' sent, 'F' failed */
};

struct tz_addrmap {
	struct tz_addrmap_slot *slots;
	size_t nslots, used;
};

/* The hash of an address (ASCII case folded); never 0. */
uint64_t tz_addrmap_hash(const char *addr, size_t len);
/* Set the state of h (added when absent); -1 when out of memory. */
int tz_addrmap_set(struct tz_addrmap *m, uint64_t h, char state);
/* The state of h, 0 when absent. */
char tz_addrmap_get(const struct tz_addrmap *m, uint64_t h);
void tz_addrmap_release(struct tz_addrmap *m);

#endif
