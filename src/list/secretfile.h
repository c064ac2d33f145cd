/*
 * secretfile.h - the office's token secret kept in a 0600 file, so it stays
 * the same from one send to the next without living in a shell profile.
 *
 * TECHZINE_TOKEN_SECRET (environment) wins; otherwise the file named by
 * TECHZINE_TOKEN_SECRET_FILE, else the publication's own
 * .techzine/token-secret (in the working folder or the nearest parent that
 * has one, as git finds .git; `techzine init` writes it), else
 * $XDG_CONFIG_HOME/techzine/token-secret (~/.config/techzine/token-secret). The file must be a regular file of
 * ours, not readable by group or others, and hold one line of at least 16
 * characters. `techzine secret init` (and `techzine init`) create it once.
 */
#ifndef TZ_LIST_SECRETFILE_H
#define TZ_LIST_SECRETFILE_H

#include <stddef.h>

#include "../util/error.h"

#define TZ_SECRET_FILE ".techzine/token-secret"

/* Where `techzine secret init` puts the file (TECHZINE_TOKEN_SECRET_FILE or
 * the per-user file) into out; -1 when there is no HOME to put it in. */
int tz_secret_file_path(char *out, size_t size);

/* Read the secret from the file. Returns the secret (static storage), NULL
 * when the file does not exist (err untouched), or NULL with err when it
 * exists but cannot be used (too open, too short, not a regular file). */
const char *tz_secret_file_read(struct tz_error *err);

/* Create the file with a new random secret (32 bytes, base64url), mode
 * 0600, never replacing an existing one. 0, or -1 with err. */
int tz_secret_file_create(const char *path, struct tz_error *err);

#endif
