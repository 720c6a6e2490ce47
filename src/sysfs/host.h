/* SPDX-License-Identifier: MIT */
/* Internal to src/sysfs: slots, the boot display and the host's mounts (host.c). */
#ifndef IOTOPO_SYSFS_HOST_H
#define IOTOPO_SYSFS_HOST_H

#include "model/model.h"
#include "sysfs/tree.h"

/*
 * Fill iot_pci_dev.slot, .host_use and .host_use_what of @t's functions
 * from the tree at @root (every file optional).
 */
void iot_sysfs_read_host(const char *root, struct iot_topology *t, struct iot_keeper *k,
			 struct iot_diags *d);

#endif
