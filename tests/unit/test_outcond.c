/*
 * test_outcond.c - output conditions against real profiles: texlive's
 * FOGRA39L_coated.icc, Ghostscript's SWOP profile, and copies of the FOGRA39
 * profile relabelled with LittleCMS as ECI's "ISO Coated v2" and as an
 * uncoated "PSO Uncoated v3 (FOGRA52)" profile (what a printer supplies);
 * and the grey-to-K table of a grey source.
 */
#include <stdlib.h>
#include <string.h>

#include <lcms2.h>

#include "tap.h"
#include "print/icc_convert.h"
#include "print/outcond.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/fsutil.h"
#include "util/banned.h"

#define SWOP "/usr/share/color/icc/ghostscript/default_cmyk.icc"

static int load(const char *path, struct tz_buf *b)
{
	struct tz_error err;
	tz_buf_init(b, 8 * 1024 * 1024);
	return tz_read_file(path, 8 * 1024 * 1024, b, &err);
}

/* The FOGRA39 profile with another description, as bytes in relabelled. */
static int relabel(const struct tz_buf *in, const char *desc, struct tz_buf *out)
{
	cmsHPROFILE p = cmsOpenProfileFromMem(in->data, (cmsUInt32Number)in->len);
	cmsMLU *mlu = cmsMLUalloc(NULL, 1);
	cmsUInt32Number n = 0;
	int rc = -1;
	tz_buf_init(out, 8 * 1024 * 1024);
	if (p && mlu && cmsMLUsetASCII(mlu, "en", "US", desc) &&
	    cmsWriteTag(p, cmsSigProfileDescriptionTag, mlu) && cmsSaveProfileToMem(p, NULL, &n) &&
	    tz_buf_grow(out, n) == 0 && cmsSaveProfileToMem(p, out->data, &n)) {
		out->len = n;
		rc = 0;
	}
	if (mlu)
		cmsMLUfree(mlu);
	if (p)
		cmsCloseProfile(p);
	return rc;
}

int main(void)
{
	struct tz_buf fogra, swop, iso, pso;
	struct tz_error err;
	char desc[256];
	const struct tz_output_condition *c;

	CHECK(load(TZ_FOGRA39_ICC, &fogra) == 0);
	CHECK(load(SWOP, &swop) == 0);
	CHECK(tz_icc_description(fogra.data, fogra.len, desc, sizeof(desc)) == 0);
	CHECK_STR(desc, "FOGRA39L Coated");
	c = tz_output_condition_of(fogra.data, fogra.len);
	CHECK(c && !strcmp(c->id, "FOGRA39"));
	CHECK(c && strstr(c->info, "ISO 12647-2"));
	CHECK(tz_output_condition_check("FOGRA39", fogra.data, fogra.len, "f.icc", "l.xml", 3,
					&err) == 0);
	CHECK(tz_output_condition_check("fogra39", fogra.data, fogra.len, "f.icc", "l.xml", 3,
					&err) == 0);
	CHECK(tz_output_condition_check("Custom", fogra.data, fogra.len, "f.icc", "l.xml", 3,
					&err) == 0);
	/* a prefix that runs on into a digit is another condition */
	CHECK(tz_output_condition_check("FOGRA3", fogra.data, fogra.len, "f.icc", "l.xml", 3,
					&err) == -1);
	CHECK(tz_output_condition_check("FOGRA52", fogra.data, fogra.len, "f.icc", "l.xml", 3,
					&err) == -1);
	CHECK(err.code == TZ_ERR_CONTENT && err.line == 3 && !strcmp(err.file, "l.xml"));
	CHECK(strstr(err.msg, "'FOGRA52' does not match the profile 'f.icc'") != NULL);

	/* the label on the wrong profile: the defect of issue 15 */
	CHECK(tz_output_condition_of(swop.data, swop.len) == NULL);
	CHECK(tz_output_condition_check("FOGRA39", swop.data, swop.len, SWOP, "l.xml", 7, &err) ==
	      -1);
	CHECK(strstr(err.msg, "describes itself as 'Artifex CMYK SWOP Profile'") != NULL);
	CHECK(tz_output_condition_check("Custom", swop.data, swop.len, SWOP, "l.xml", 7, &err) == 0);
	CHECK(tz_output_condition_check("FOGRA39", "not icc", 7, "x", "l.xml", 7, &err) == -1);

	/* aliases: ECI's ISO Coated v2 is FOGRA39; a PSO Uncoated v3 profile is
	 * FOGRA52 (uncoated paper, supplied by the printer) */
	CHECK(relabel(&fogra, "ISO Coated v2 300% (ECI)", &iso) == 0);
	CHECK(tz_output_condition_check("FOGRA39", iso.data, iso.len, "i.icc", "l.xml", 1, &err) ==
	      0);
	CHECK(relabel(&fogra, "PSO Uncoated v3 (FOGRA52)", &pso) == 0);
	c = tz_output_condition_of(pso.data, pso.len);
	CHECK(c && !strcmp(c->id, "FOGRA52"));
	CHECK(tz_output_condition_check("FOGRA52", pso.data, pso.len, "p.icc", "l.xml", 1, &err) ==
	      0);
	CHECK(tz_output_condition_check("FOGRA39", pso.data, pso.len, "p.icc", "l.xml", 1, &err) ==
	      -1);
	CHECK(tz_output_condition_find("fogra52") == c);
	CHECK(tz_output_condition_find("FOGRA99") == NULL);

	/* grey to K: paper white is no ink, black is 100 % K, darker is more K */
	{
		struct tz_pixels px;
		unsigned char lut[256];
		int monotone = 1;
		memset(&px, 0, sizeof(px));
		px.fmt = TZ_PX_GRAY;
		CHECK(tz_icc_grey_to_k_table(&px, &fogra, lut) == 0);
		CHECK(lut[255] == 255);
		CHECK(lut[0] == 0);
		for (int g = 1; g < 256; g++)
			monotone &= lut[g] >= lut[g - 1];
		CHECK(monotone);
		/* mid grey (sRGB 128, L* 54) needs clearly less than 100 % K */
		CHECK(lut[128] > 40 && lut[128] < 200);
	}

	tz_buf_release(&fogra);
	tz_buf_release(&swop);
	tz_buf_release(&iso);
	tz_buf_release(&pso);
	return tap_done();
}
