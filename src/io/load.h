/* SPDX-License-Identifier: MIT */
/*
 * Load any supported input into the one model.  Each reader adds its case in
 * load.c; callers (decode, lint, groups) never dispatch on format themselves.
 */
#ifndef IOTOPO_LOAD_H
#define IOTOPO_LOAD_H

#include "model/model.h"
#include "util/detect.h"
#include "util/diag.h"

/*
 * Read @path, detect its kind and merge what it describes into @t (several
 * inputs, e.g. a DTB and an IORT, or an IORT and a VIOT, may be loaded into
 * one topology).  Returns 0, or -1 with errors in @d.  *@kind (may be NULL)
 * receives the detected kind.
 */
int iot_load_input(const char *path, struct iot_topology *t, enum iot_input_kind *kind,
		   struct iot_diags *d);

#endif
