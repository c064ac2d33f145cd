/*
 * init.c - `techzine init` (see init.h). The templates live in the data
 * folder (templates/publication/), so an installed techzine and a checkout
 * make the same publication; the placeholders @NAME@, @LANG@, @MONTH@,
 * @DATE@ and @LIST@ are filled in, XML-escaped in the XML files.
 */
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/alloc.h"
#include "../util/buf.h"
#include "../util/datadir.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define TEMPLATE_MAX ((size_t)4 * 1024 * 1024)

enum fill { RAW, TEXT, XML };

/* template file -> path in the publication (with @MONTH@ filled in) */
static const struct {
	const char *from, *to;
	enum fill fill;
} files[] = {
	{"README.md", "README.md", TEXT},
	{"gitignore", ".gitignore", RAW},
	{"sources.xml", "issues/sources.xml", RAW},
	{"layouts-README.md", "layouts/README.md", RAW},
	{"issue.xml", "issues/@MONTH@/issue.xml", XML},
	{"welkom.xml", "issues/@MONTH@/stories/welkom.xml", XML},
	{"cover.jpg", "issues/@MONTH@/images/cover.jpg", RAW},
	/* a draft, so the first `techzine new` has something to take */
	{"voorbeeld.xml", "issues/inbox/voorbeeld.xml", XML},
};

static const char list_header[] =
	"email,name,language,municipality,interests,status,consent_date,consent_source,last_change\n";
static const char suppressed_header[] = "address,reason,date,source\n";

static int add_escaped(struct tz_buf *b, const char *s, int xml)
{
	for (; *s; s++) {
		int rc;
		if (!xml)
			rc = tz_buf_addc(b, *s);
		else if (*s == '&')
			rc = tz_buf_adds(b, "&amp;");
		else if (*s == '<')
			rc = tz_buf_adds(b, "&lt;");
		else if (*s == '>')
			rc = tz_buf_adds(b, "&gt;");
		else if (*s == '"')
			rc = tz_buf_adds(b, "&quot;");
		else
			rc = tz_buf_addc(b, *s);
		if (rc)
			return -1;
	}
	return 0;
}

/* in with the placeholders filled into out */
static int fill(const struct tz_init_opts *o, const char *in, size_t len, int xml,
		struct tz_buf *out)
{
	static const char *const keys[] = {"@NAME@", "@LANG@", "@MONTH@", "@DATE@", "@LIST@"};
	const char *vals[] = {o->name, o->lang, o->month, o->date, o->list};
	size_t i = 0;
	while (i < len) {
		size_t k;
		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (!strncmp(in + i, keys[k], strlen(keys[k])))
				break;
		if (k < sizeof keys / sizeof keys[0]) {
			if (add_escaped(out, vals[k], xml))
				return -1;
			i += strlen(keys[k]);
		} else if (tz_buf_addc(out, in[i++])) {
			return -1;
		}
	}
	return 0;
}

/* write a new file (never over an existing one), synced */
static int put(const char *path, const void *data, size_t len, mode_t mode,
	       struct tz_error *err)
{
	int fd;
	char *dir = tz_dirname(path);
	if (!dir)
		return tz_error_nomem(err);
	if (tz_mkdirs(dir, err)) {
		free(dir);
		return -1;
	}
	free(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot create: %s", strerror(errno));
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, (const char *)data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : ENOSPC;
			close(fd);
			return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write: %s", strerror(e));
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		return tz_error_set(err, TZ_ERR_IO, path, 0, "cannot write: %s", strerror(errno));
	return 0;
}

static char *join3(const char *a, const char *b, const char *c)
{
	char *ab = tz_path_join(a, b), *abc = ab ? tz_path_join(ab, c) : NULL;
	free(ab);
	return abc;
}

static int copy_template(const struct tz_init_opts *o, const char *tdir, const char *root,
			 size_t i, struct tz_error *err)
{
	struct tz_buf src, to, data;
	char *from = tz_path_join(tdir, files[i].from), *dest = NULL;
	int rc = -1;
	tz_buf_init(&src, TEMPLATE_MAX);
	tz_buf_init(&to, 4096);
	tz_buf_init(&data, TEMPLATE_MAX);
	if (!from || fill(o, files[i].to, strlen(files[i].to), 0, &to) ||
	    !(dest = tz_path_join(root, to.data))) {
		tz_error_nomem(err);
		goto out;
	}
	if (tz_read_file(from, TEMPLATE_MAX, &src, err))
		goto out;
	if (files[i].fill == RAW) {
		rc = put(dest, src.data, src.len, 0644, err);
		goto out;
	}
	if (fill(o, src.data, src.len, files[i].fill == XML, &data)) {
		tz_error_nomem(err);
		goto out;
	}
	rc = put(dest, data.data, data.len, 0644, err);
out:
	free(from);
	free(dest);
	tz_buf_release(&src);
	tz_buf_release(&to);
	tz_buf_release(&data);
	return rc;
}

/* the default layouts, as copies to customise */
static int copy_layouts(const char *root, struct tz_error *err)
{
	char *from = tz_path_join(tz_data_dir(), "layouts");
	DIR *d = from ? opendir(from) : NULL;
	struct dirent *e;
	int rc = 0;
	if (!from)
		return tz_error_nomem(err);
	if (!d) {
		tz_error_set(err, TZ_ERR_DEPENDENCY, from, 0,
			     "cannot read the default layouts: %s (see techzine --version)",
			     strerror(errno));
		free(from);
		return -1;
	}
	while (!rc && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct tz_buf b;
		char *src, *dst;
		if (n < 5 || strcmp(e->d_name + n - 4, ".xml") || e->d_name[0] == '.')
			continue;
		src = tz_path_join(from, e->d_name);
		dst = join3(root, "layouts", e->d_name);
		tz_buf_init(&b, TEMPLATE_MAX);
		if (!src || !dst)
			rc = tz_error_nomem(err);
		else if (!(rc = tz_read_file(src, TEMPLATE_MAX, &b, err)))
			rc = put(dst, b.data, b.len, 0644, err);
		tz_buf_release(&b);
		free(src);
		free(dst);
	}
	closedir(d);
	free(from);
	return rc;
}

/* 32 random bytes, base64url: the HMAC key of the unsubscribe tokens */
static int write_secret(const char *root, struct tz_error *err)
{
	static const char b64u[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char r[33];
	char s[48];
	size_t k = 0;
	char *dir = tz_path_join(root, ".techzine"), *path = join3(root, ".techzine", "token-secret");
	int rc = -1;
	if (!dir || !path) {
		tz_error_nomem(err);
		goto out;
	}
	if (getrandom(r, 33, 0) != 33) {
		tz_error_set(err, TZ_ERR_DEPENDENCY, NULL, 0, "no random numbers for the token secret");
		goto out;
	}
	for (size_t i = 0; i < 33; i += 3) {
		unsigned v = (unsigned)r[i] << 16 | (unsigned)r[i + 1] << 8 | r[i + 2];
		for (int j = 18; j >= 0; j -= 6)
			s[k++] = b64u[(v >> j) & 63];
	}
	s[k++] = '\n';
	if (mkdir(dir, 0700) != 0) {
		tz_error_set(err, TZ_ERR_IO, dir, 0, "cannot create: %s", strerror(errno));
		goto out;
	}
	rc = put(path, s, k, 0600, err);
out:
	explicit_bzero(r, sizeof r);
	explicit_bzero(s, sizeof s);
	free(dir);
	free(path);
	return rc;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int usable_target(const char *dir, struct tz_error *err)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	if (lstat(dir, &st) != 0)
		return errno == ENOENT ? 0
				       : tz_error_set(err, TZ_ERR_IO, dir, 0, "cannot look at: %s",
						      strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return tz_error_set(err, TZ_ERR_USAGE, dir, 0,
				    "'%s' exists and is not a folder; choose a new folder", dir);
	if (!(d = opendir(dir)))
		return tz_error_set(err, TZ_ERR_IO, dir, 0, "cannot read: %s", strerror(errno));
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			closedir(d);
			return tz_error_set(err, TZ_ERR_USAGE, dir, 0,
					    "'%s' is not empty; init only creates a new publication "
					    "(nothing was changed)", dir);
		}
	closedir(d);
	return 0;
}

int tz_init_publication(const struct tz_init_opts *o, struct tz_error *err)
{
	char *parent = NULL, *tmp = NULL, *tdir = NULL, *p = NULL;
	const char *base;
	int rc = -1;

	if (usable_target(o->dir, err))
		return -1;
	parent = tz_dirname(o->dir);
	base = strrchr(o->dir, '/') ? strrchr(o->dir, '/') + 1 : o->dir;
	tdir = join3(tz_data_dir(), "templates", "publication");
	if (!parent || !tdir)
		goto nomem;
	tmp = tz_malloc(strlen(parent) + strlen(base) + 32);
	if (!tmp)
		goto nomem;
	snprintf(tmp, strlen(parent) + strlen(base) + 32, "%s/.%s.init-XXXXXX", parent, base);
	if (!mkdtemp(tmp)) {
		tz_error_set(err, TZ_ERR_IO, parent, 0, "cannot create a folder here: %s",
			     strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	chmod(tmp, 0755);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
		if (copy_template(o, tdir, tmp, i, err))
			goto out;
	if (copy_layouts(tmp, err))
		goto out;
	if (!(p = join3(tmp, "subscribers", o->list)))
		goto nomem;
	{
		char *csv = tz_malloc(strlen(p) + 5), *supp = join3(tmp, "subscribers", "suppressed.csv"),
		     *inbox = join3(tmp, "issues", "inbox");
		int r = !csv || !supp || !inbox ? tz_error_nomem(err) : 0;
		if (!r) {
			snprintf(csv, strlen(p) + 5, "%s.csv", p);
			r = put(csv, list_header, sizeof list_header - 1, 0644, err) ||
			    put(supp, suppressed_header, sizeof suppressed_header - 1, 0644, err) ||
			    tz_mkdirs(inbox, err);
		}
		free(csv);
		free(supp);
		free(inbox);
		if (r)
			goto out;
	}
	if (write_secret(tmp, err))
		goto out;
	/* onto the empty folder, or as the new one */
	if (rename(tmp, o->dir) != 0) {
		tz_error_set(err, TZ_ERR_IO, o->dir, 0, "cannot create: %s", strerror(errno));
		goto out;
	}
	free(tmp);
	tmp = NULL;
	tz_fsync_dir_of(o->dir);
	rc = 0;
	goto out;
nomem:
	tz_error_nomem(err);
out:
	if (tmp)
		nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(tmp);
	free(tdir);
	free(parent);
	free(p);
	return rc;
}
