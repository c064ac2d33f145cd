/*
 * banned.h - functions we never call (git's trick): using one is a compile
 * error. Included last by every techzine source file through the build flags.
 *   sprintf/vsprintf/strcpy/strcat: no bounds; use tz_buf or snprintf.
 *   strtok: hidden state; atoi: no error reporting, use strtol.
 *   gmtime/localtime: not thread-safe; use the _r variants.
 */
#ifndef TZ_BANNED_H
#define TZ_BANNED_H

#define TZ_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) TZ_BANNED(strcpy)
#undef strcat
#define strcat(x, y) TZ_BANNED(strcat)
#undef strncat
#define strncat(x, y, n) TZ_BANNED(strncat)
#undef sprintf
#define sprintf(...) TZ_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) TZ_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) TZ_BANNED(strtok)
#undef atoi
#define atoi(x) TZ_BANNED(atoi)
#undef gmtime
#define gmtime(t) TZ_BANNED(gmtime)
#undef localtime
#define localtime(t) TZ_BANNED(localtime)

#endif
