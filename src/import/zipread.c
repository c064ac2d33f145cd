/*
 * zipread.c - libzip with limits (see zipread.h).
 */
#include "zipread.h"

#include <string.h>
#include <sys/stat.h>

#include <zip.h>

#include "../util/banned.h"

int tz_zip_name_ok(const char *name)
{
	const char *p = name;

	if (!name[0] || name[0] == '/' || name[0] == '\\' || strchr(name, '\\') ||
	    (name[0] && name[1] == ':'))
		return 0;
	while (*p) {
		size_t k = strcspn(p, "/");
		if (k == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += k;
		if (*p == '/')
			p++;
	}
	return 1;
}

static int check_directory(struct tz_zip *z, struct tz_error *err)
{
	zip_t *za = z->za;
	zip_int64_t n = zip_get_num_entries(za, 0);
	unsigned long long total = 0;

	if (n < 0 || n > TZ_ZIP_MAX_ENTRIES)
		return tz_error_set(err, TZ_ERR_LIMIT, z->path, 0,
				    "the archive has more than %d entries; not a document we can read (a zip bomb?)",
				    TZ_ZIP_MAX_ENTRIES);
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_uint8_t opsys;
		zip_uint32_t attr;

		zip_stat_init(&st);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) || !(st.valid & ZIP_STAT_NAME))
			return tz_error_set(err, TZ_ERR_CONTENT, z->path, 0,
					    "the archive directory is damaged; save the document again");
		if (!tz_zip_name_ok(st.name))
			return tz_error_set(err, TZ_ERR_CONTENT, z->path, 0,
					    "the archive holds an entry named '%.200s' that points outside it; refused",
					    st.name);
		if (zip_file_get_external_attributes(za, (zip_uint64_t)i, 0, &opsys, &attr) == 0 &&
		    opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & S_IFMT) == S_IFLNK)
			return tz_error_set(err, TZ_ERR_CONTENT, z->path, 0,
					    "the archive holds a symbolic link '%.200s'; refused",
					    st.name);
		if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
			return tz_error_set(err, TZ_ERR_CONTENT, z->path, 0,
					    "the document is encrypted (password protected); save an unprotected copy");
		if (st.valid & ZIP_STAT_SIZE) {
			total += st.size;
			if (total > TZ_ZIP_MAX_TOTAL)
				return tz_error_set(err, TZ_ERR_LIMIT, z->path, 0,
						    "the archive expands to more than %llu MiB; refused (a zip bomb?)",
						    TZ_ZIP_MAX_TOTAL / ((size_t)1024 * 1024));
			if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > TZ_ZIP_RATIO_FLOOR &&
			    st.size / (st.comp_size ? st.comp_size : 1) > TZ_ZIP_MAX_RATIO)
				return tz_error_set(err, TZ_ERR_LIMIT, z->path, 0,
						    "entry '%.200s' expands more than %d times; refused (a zip bomb?)",
						    st.name, TZ_ZIP_MAX_RATIO);
		}
	}
	return 0;
}

int tz_zip_open(struct tz_zip *z, const unsigned char *data, size_t len, const char *path,
		struct tz_error *err)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;

	memset(z, 0, sizeof(*z));
	z->path = path;
	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	if (!src) {
		zip_error_fini(&ze);
		return tz_error_nomem(err);
	}
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!za) {
		int code = zip_error_code_zip(&ze);
		zip_source_free(src);
		zip_error_fini(&ze);
		if (code == ZIP_ER_MEMORY)
			return tz_error_nomem(err);
		return tz_error_set(err, TZ_ERR_CONTENT, path, 0,
				    "the document's archive is truncated or damaged (%s); save it again",
				    code == ZIP_ER_NOZIP ? "not a zip archive" : "inconsistent");
	}
	zip_error_fini(&ze);
	z->za = za;
	z->src = src;
	if (check_directory(z, err)) {
		tz_zip_close(z);
		return -1;
	}
	return 0;
}

void tz_zip_close(struct tz_zip *z)
{
	if (z->za)
		zip_discard(z->za); /* frees the source too */
	z->za = NULL;
	z->src = NULL;
}

int tz_zip_has(struct tz_zip *z, const char *name)
{
	return zip_name_locate(z->za, name, ZIP_FL_NOCASE) >= 0;
}

int tz_zip_read(struct tz_zip *z, const char *name, size_t max, struct tz_buf *out,
		struct tz_error *err)
{
	zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t got;
	unsigned long long declared;

	if (idx < 0)
		return 1;
	zip_stat_init(&st);
	if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) || !(st.valid & ZIP_STAT_SIZE))
		return tz_error_set(err, TZ_ERR_CONTENT, z->path, 0, "cannot read '%s' in the archive",
				    name);
	declared = st.size;
	if (declared > max)
		return tz_error_set(err, TZ_ERR_LIMIT, z->path, 0,
				    "'%s' in the archive is larger than %zu MiB; refused", name,
				    max / ((size_t)1024 * 1024));
	tz_buf_reset(out);
	/* room for the declared size and one byte more, read in place: a
	 * stream that fills that byte lied about its size */
	if (tz_buf_grow(out, (size_t)declared + 1))
		return tz_error_nomem(err);
	f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
	if (!f)
		return tz_error_set(err, TZ_ERR_CONTENT, z->path, 0,
				    "cannot open '%s' in the archive (unsupported compression?)", name);
	while ((got = zip_fread(f, out->data + out->len, (zip_uint64_t)(declared + 1 - out->len))) > 0) {
		if ((unsigned long long)out->len + (unsigned long long)got > declared ||
		    z->read_total + (unsigned long long)got > TZ_ZIP_MAX_TOTAL) {
			zip_fclose(f);
			out->data[out->len] = '\0';
			return tz_error_set(err, TZ_ERR_LIMIT, z->path, 0,
					    "'%s' expands beyond its declared size; refused (a zip bomb?)",
					    name);
		}
		out->len += (size_t)got;
		z->read_total += (unsigned long long)got;
	}
	out->data[out->len] = '\0';
	zip_fclose(f);
	if (got < 0 || out->len != declared)
		return tz_error_set(err, TZ_ERR_CONTENT, z->path, 0,
				    "'%s' in the archive is damaged (truncated or a bad checksum); save the document again",
				    name);
	return 0;
}
