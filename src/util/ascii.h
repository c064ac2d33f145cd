/*
 * ascii.h - digit values of ASCII characters, locale-free (the <ctype.h>
 * functions depend on the locale and take int with EOF traps).
 */
#ifndef TZ_ASCII_H
#define TZ_ASCII_H

/* The value of a hexadecimal digit (either case); -1 for anything else. */
static inline int tz_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

#endif
