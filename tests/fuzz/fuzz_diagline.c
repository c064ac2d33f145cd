/*
 * fuzz_diagline.c - the preview reading its build steps' diagnostics back
 * (src/preview/diagparse.c) on arbitrary bytes: every line as a log line
 * (file:line, severity, the page it names), then the numbers that place
 * a diagnostic on its page (an image's pixel size, a hole's lines). The
 * messages carry file and story names the officer chose.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "preview/preview.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[1200]; /* as read_diags reads them (fgets) */
	struct tz_preview_diag d;
	size_t at = 0;
	while (at < size) {
		size_t n = 0;
		while (at < size && data[at] != '\n' && n < sizeof line - 1)
			line[n++] = (char)data[at++];
		if (at < size && data[at] == '\n')
			at++;
		line[n] = '\0';
		int w, h;
		long lines, grid;
		tz_preview_parse_diag(&d, line);
		if (tz_preview_image_size(d.msg, &w, &h) && (w < 1 || h < 1))
			abort();
		if (tz_preview_hole_lines(d.msg, &lines, &grid) && (lines < 1 || grid < lines))
			abort();
		tz_preview_image_size(line, &w, &h);
		tz_preview_hole_lines(line, &lines, &grid);
	}
	return 0;
}
