/* SPDX-License-Identifier: MIT */
/*
 * YAML text for what DMAR/IVRS put in the model, called by the topology
 * emitter: keys inside an intel-vtd / amd-vi IOMMU mapping (at @ind spaces),
 * and the top-level dmar: / ivrs: sections (nothing if neither was read).
 */
#ifndef IOTOPO_X86_YAML_H
#define IOTOPO_X86_YAML_H

#include "model/model.h"
#include "util/buf.h"

void iot_x86_yaml_iommu(struct iot_buf *b, int ind, const struct iot_iommu *u);
void iot_x86_yaml_tables(struct iot_buf *b, const struct iot_topology *t);

#endif
