/*
 * outcond.h - print output conditions (FOGRA39, FOGRA52, ...) and the check
 * that the output profile really characterises the condition a layout names.
 *
 * The one idea: a PDF/X OutputIntent is a promise to the printer ("these
 * CMYK values are meant for FOGRA39") and the embedded profile is the proof.
 * The profile's own description (its 'desc' tag) must name the condition,
 * so a label on the wrong profile is an error, never a silent mismatch. The
 * known conditions live in a table (outcond.c) with the ICC registry's text
 * and the other names profiles for them carry (ISO Coated v2 is FOGRA39).
 */
#ifndef TZ_OUTCOND_H
#define TZ_OUTCOND_H

#include <stddef.h>

#include "../util/error.h"

/* Debian texlive-base: ArgyllCMS's characterisation of the FOGRA39 data
 * set (CC0), ICC version 2.2, so PDF/X-1a:2001 may embed it. */
#define TZ_FOGRA39_ICC \
	"/usr/share/texlive/texmf-dist/tex/generic/colorprofiles/FOGRA39L_coated.icc"

struct tz_output_condition {
	const char *id;       /* OutputConditionIdentifier, e.g. "FOGRA39" */
	const char *info;     /* the ICC characterization registry's text */
	const char *aliases;  /* other names in profile descriptions, '|'-separated */
};

/* The known condition called id (case-insensitive), or NULL. */
const struct tz_output_condition *tz_output_condition_find(const char *id);

/* The profile's description as ASCII into buf (n > 0); "" if it has none.
 * 0, or -1 if the bytes are not an ICC profile. */
int tz_icc_description(const void *icc, size_t len, char *buf, size_t n);

/* The known condition the profile's description names, or NULL. */
const struct tz_output_condition *tz_output_condition_of(const void *icc, size_t len);

/* 0 if the profile (icc, len; read from path) is a characterisation of
 * condition id ("Custom" fits any CMYK output profile); else -1 with err
 * (TZ_ERR_CONTENT) located at file:line, naming both and what to do. */
int tz_output_condition_check(const char *id, const void *icc, size_t len,
			      const char *path, const char *file, long line,
			      struct tz_error *err);

#endif
