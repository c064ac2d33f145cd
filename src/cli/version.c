/*
 * version.c - `techzine --version`: techzine's version, the data folder in
 * use and how it was found, and the versions of the libraries techzine runs
 * with, asked of the libraries themselves where they can tell (libhyphen
 * cannot: its version is the one techzine was built against).
 */
#include "version.h"

#include <curl/curl.h>
#include <fontconfig/fontconfig.h>
#include <hpdf.h>
#include <lcms2.h>
#include <libetpan/libetpan_version.h>
#include <libxml/parser.h>
#include <microhttpd.h>
#include <stdlib.h>

#include "../preview/popplerdl.h"
#include "../util/datadir.h"
#include "../util/banned.h"

#ifndef TZ_HYPHEN_VERSION
#define TZ_HYPHEN_VERSION "unknown"
#endif

int tz_print_version(FILE *fp)
{
	const curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);
	long xv = strtol(xmlParserVersion, NULL, 10);
	int lv = cmsGetEncodedCMMversion(), fv = FcGetVersion();

	fprintf(fp, "techzine %s\n", TZ_VERSION);
	fprintf(fp, "data          %s (%s)\n", tz_data_dir(), tz_data_dir_origin());
	fprintf(fp, "libxml2       %ld.%ld.%ld\n", xv / 10000, xv / 100 % 100, xv % 100);
	fprintf(fp, "libcurl       %s (%s)\n", cv->version, cv->ssl_version ? cv->ssl_version : "no TLS");
	fprintf(fp, "libharu       %s\n", HPDF_GetVersion());
	fprintf(fp, "libetpan      %d.%d\n", libetpan_get_version_major(),
		libetpan_get_version_minor());
	fprintf(fp, "lcms2         %d.%d\n", lv / 1000, lv / 10 % 100);
	fprintf(fp, "libhyphen     %s (built with; it has no version call)\n", TZ_HYPHEN_VERSION);
	fprintf(fp, "fontconfig    %d.%d.%d\n", fv / 10000, fv / 100 % 100, fv % 100);
	fprintf(fp, "libmicrohttpd %s\n", MHD_get_version());
	fprintf(fp, "poppler-glib  %s\n",
		tz_popplerdl_version() ? tz_popplerdl_version() : "not found (techzine preview needs it)");
	return ferror(fp) ? -1 : 0;
}
