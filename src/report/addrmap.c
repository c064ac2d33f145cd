/*
 * addrmap.c - the report's address-hash set (see addrmap.h). FNV-1a over
 * the lower-cased address, then a 64-bit finaliser so that addresses that
 * differ in their last characters spread over the table.
 */
#include "addrmap.h"

#include <string.h>

#include "../util/alloc.h"
#include "../util/banned.h"

uint64_t tz_addrmap_hash(const char *addr, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)addr[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		h ^= c;
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h ? h : 1;
}

static int grow(struct tz_addrmap *m)
{
	size_t n = m->nslots ? m->nslots * 2 : 1024;
	struct tz_addrmap_slot *s = tz_calloc(n, sizeof *s);
	if (!s)
		return -1;
	for (size_t i = 0; i < m->nslots; i++) {
		if (!m->slots[i].h)
			continue;
		size_t j = (size_t)m->slots[i].h & (n - 1);
		while (s[j].h)
			j = (j + 1) & (n - 1);
		s[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = s;
	m->nslots = n;
	return 0;
}

int tz_addrmap_set(struct tz_addrmap *m, uint64_t h, char state)
{
	if ((m->used + 1) * 8 > m->nslots * 7 && grow(m))
		return -1;
	size_t j = (size_t)h & (m->nslots - 1);
	while (m->slots[j].h && m->slots[j].h != h)
		j = (j + 1) & (m->nslots - 1);
	if (!m->slots[j].h) {
		m->slots[j].h = h;
		m->used++;
	}
	m->slots[j].state = state;
	return 0;
}

char tz_addrmap_get(const struct tz_addrmap *m, uint64_t h)
{
	if (!m->nslots)
		return 0;
	size_t j = (size_t)h & (m->nslots - 1);
	while (m->slots[j].h) {
		if (m->slots[j].h == h)
			return m->slots[j].state;
		j = (j + 1) & (m->nslots - 1);
	}
	return 0;
}

void tz_addrmap_release(struct tz_addrmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}
