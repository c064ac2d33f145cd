/*
 * image.c - JPEG/PNG header probing (see image.h). The JPEG walk follows
 * markers up to the first SOFn; the PNG read checks the signature, IHDR and
 * an optional pHYs chunk. Pure byte parsing, fuzzed.
 */
#include "image.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limits.h"
#include "../util/buf.h"
#include "../util/fsutil.h"
#include "../util/banned.h"

#define PROBE_BYTES (512 * 1024)

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static int check_size(struct tz_image *img, unsigned long w, unsigned long h,
		      struct tz_error *err)
{
	if (!w || !h)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "image '%s' has zero width or height", img->src);
	if (w > TZ_MAX_IMAGE_SIDE || h > TZ_MAX_IMAGE_SIDE ||
	    (double)w * (double)h > (double)TZ_MAX_IMAGE_PIXELS)
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
				    "image '%s' is too large (%lu x %lu px; limit %d px a side, %ld px in all)",
				    img->src, w, h, TZ_MAX_IMAGE_SIDE, TZ_MAX_IMAGE_PIXELS);
	img->width = (int)w;
	img->height = (int)h;
	return 0;
}

static int probe_png(const unsigned char *d, size_t n, struct tz_image *img,
		     struct tz_error *err)
{
	size_t off = 8;
	unsigned color;
	static const int comps[] = {1, 0, 3, 3, 2, 0, 4};

	if (n < 33 || memcmp(d + 12, "IHDR", 4) != 0 || be32(d + 8) != 13)
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "image '%s' is not a valid PNG (no IHDR)", img->src);
	img->type = TZ_IMAGE_PNG;
	color = d[25];
	if (color > 6 || !comps[color])
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "image '%s' has an invalid PNG colour type", img->src);
	img->components = comps[color];
	if (check_size(img, be32(d + 16), be32(d + 20), err))
		return -1;
	/* look for pHYs before IDAT */
	while (off + 12 <= n) {
		unsigned long len = be32(d + off);
		const unsigned char *type = d + off + 4;
		if (!memcmp(type, "IDAT", 4) || len > n)
			break;
		if (!memcmp(type, "pHYs", 4) && len == 9 && off + 17 <= n && d[off + 16] == 1) {
			img->dpi_x = (double)be32(d + off + 8) * 0.0254;
			img->dpi_y = (double)be32(d + off + 12) * 0.0254;
		}
		off += 12 + len;
	}
	return 0;
}

static int probe_jpeg(const unsigned char *d, size_t n, struct tz_image *img,
		      struct tz_error *err)
{
	size_t off = 2;

	img->type = TZ_IMAGE_JPEG;
	while (off + 4 <= n) {
		unsigned marker, len;

		if (d[off] != 0xFF) {
			off++;
			continue;
		}
		marker = d[off + 1];
		if (marker == 0xFF) {
			off++;
			continue;
		}
		if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			off += 2;
			continue;
		}
		len = be16(d + off + 2);
		if (len < 2)
			break;
		if (marker == 0xE0 && len >= 16 && off + 18 <= n &&
		    !memcmp(d + off + 4, "JFIF", 5)) {
			unsigned units = d[off + 11];
			double xd = be16(d + off + 12), yd = be16(d + off + 14);
			if (units == 1) {
				img->dpi_x = xd;
				img->dpi_y = yd;
			} else if (units == 2) {
				img->dpi_x = xd * 2.54;
				img->dpi_y = yd * 2.54;
			}
		}
		if ((marker >= 0xC0 && marker <= 0xCF) && marker != 0xC4 && marker != 0xC8 &&
		    marker != 0xCC) {
			if (off + 10 > n || len < 8)
				break;
			img->components = d[off + 9];
			if (img->components != 1 && img->components != 3 && img->components != 4)
				return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
						    "image '%s' has %d colour components", img->src,
						    img->components);
			return check_size(img, be16(d + off + 7), be16(d + off + 5), err);
		}
		if (marker == 0xDA || marker == 0xD9)
			break;
		off += 2 + (size_t)len;
	}
	return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
			    "image '%s' is a truncated or damaged JPEG (no frame header)",
			    img->src);
}

int tz_image_probe_mem(const unsigned char *d, size_t n, struct tz_image *img,
		       struct tz_error *err)
{
	static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

	img->dpi_x = img->dpi_y = 0;
	if (n >= 8 && !memcmp(d, png_sig, 8))
		return probe_png(d, n, img, err);
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return probe_jpeg(d, n, img, err);
	return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
			    "image '%s' is not a JPEG or PNG file", img->src);
}

int tz_image_probe(struct tz_image *img, struct tz_error *err)
{
	unsigned char head[PROBE_BYTES];
	/* O_NONBLOCK: a named pipe in place of an image must not hang */
	int fd = open(img->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	FILE *fp;
	size_t n;
	long size;

	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0,
				    "image '%s' is not a regular file", img->src);
	}
	fp = fd >= 0 ? fdopen(fd, "rb") : NULL;
	if (!fp) {
		if (fd >= 0)
			close(fd);
		return tz_error_set(err, TZ_ERR_CONTENT, NULL, 0, "cannot open image '%s'",
				    img->src);
	}
	if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 &&
	    (unsigned long)size > TZ_MAX_IMAGE_BYTES) {
		fclose(fp);
		return tz_error_set(err, TZ_ERR_LIMIT, NULL, 0,
				    "image '%s' is too large (%ld bytes, limit %zu)", img->src,
				    size, TZ_MAX_IMAGE_BYTES);
	}
	rewind(fp);
	n = fread(head, 1, sizeof(head), fp);
	fclose(fp);
	return tz_image_probe_mem(head, n, img, err);
}
