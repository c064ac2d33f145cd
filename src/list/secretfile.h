/*
 * secretfile.h - the token secret from a file: .techzine/token-secret in
 * the working folder or the nearest parent that has one (as git finds
 * .git), written by `techzine init` with mode 0600. Read only when
 * TECHZINE_TOKEN_SECRET is unset; refused when others may read it, when it
 * is not a regular file owned by the user, or when it is shorter than 16
 * characters.
 */
#ifndef TZ_SECRETFILE_H
#define TZ_SECRETFILE_H

#include "../util/error.h"

#define TZ_SECRET_FILE ".techzine/token-secret"

/* The secret (borrowed, kept for the process), NULL with err->code 0 when
 * there is no file, or NULL with err set when the file is unusable. */
const char *tz_secret_file_read(struct tz_error *err);

#endif
