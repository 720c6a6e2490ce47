/* SPDX-License-Identifier: MIT */
/* A short human summary of a topology (what `iotopo check` prints). */
#ifndef IOTOPO_SUMMARY_H
#define IOTOPO_SUMMARY_H

#include "model/model.h"
#include "util/buf.h"

/*
 * Append to @out: the IOMMUs with their model and the ID ranges that roots,
 * devices and RMRs use at each, the MSI controllers, the roots with their
 * map rows, the platform devices and the number of PCI functions.
 */
void iot_summary(const struct iot_topology *t, struct iot_buf *out);

#endif
