/*
 * build.h - internal to the model: tree -> model, and the content checks.
 */
#ifndef TZ_BUILD_H
#define TZ_BUILD_H

#include <libxml/tree.h>

#include "model.h"
#include "xmlsafe.h"

void tz_build_issue(struct tz_xml_ctx *ctx, xmlDocPtr doc, struct tz_issue *issue);
void tz_check_issue(struct tz_issue *issue, struct tz_diags *diags);

#endif
