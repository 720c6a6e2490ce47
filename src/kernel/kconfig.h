/* SPDX-License-Identifier: MIT */
/*
 * The kernel configuration a prediction assumes: a distribution's, by name
 * (debian, ubuntu, rhel: tables in kconfig.c, each value with where it was
 * read), or a kernel .config file (every CONFIG_ line it sets or says "is
 * not set").  Which IOMMU drivers exist and are built in, the default DMA
 * mode (CONFIG_IOMMU_DEFAULT_*), the Intel defaults and virtio-pci's binding
 * time depend on it.  Without one, the profile's distribution (Debian).
 */
#ifndef IOTOPO_KERNEL_KCONFIG_H
#define IOTOPO_KERNEL_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/profile.h"
#include "util/diag.h"

struct iot_kconfig_sym {
	char *name; /* without CONFIG_ */
	char value; /* 'y', 'm', 'n'; other values (numbers, strings) read as 'y' */
};

struct iot_kconfig {
	char *name; /* "debian", "ubuntu", "rhel", or the file's path */
	const char *source; /* where the values come from (static text) */
	bool file; /* read from a .config file */
	const void *distro; /* kconfig.c's table for a distribution */
	struct iot_kconfig_sym *v; /* a file's symbols, sorted by name */
	size_t n;
	/* a file's architecture (CONFIG_X86_64=y or CONFIG_ARM64=y) */
	bool has_arch;
	enum iot_kernel_arch arch;
	char *version; /* a file's "# Linux/ARCH VERSION Kernel Configuration", or NULL */
	char **kept; /* file names diagnostics point to */
	size_t n_kept, cap_kept;
};

/*
 * Open @spec: "debian", "ubuntu", "rhel", or the path of a .config file.
 * Returns 0, or -1 with errors in @d (unreadable file, unknown name that is
 * no file).  Malformed lines of a file are warnings (file:line:col).  Free
 * with iot_kconfig_close() after printing @d.
 */
int iot_kconfig_open(const char *spec, struct iot_kconfig *cfg, struct iot_diags *d);
void iot_kconfig_close(struct iot_kconfig *cfg);

/*
 * The value of Kconfig symbol @symbol ("ARM_SMMU_V3", without CONFIG_) for
 * architecture @arch: 'y', 'm' or 'n'.  @cfg NULL: the profile's
 * distribution (iot_kernel_kconfig: Debian's, with the row's differences).
 * A distribution table answers what it has; for the rest it takes Debian's
 * (iot_kconfig_assumed() lists those).  A file answers what it says, 'n'
 * for a symbol it does not list.
 */
char iot_kconfig_value(const struct iot_kconfig *cfg, const struct iot_kernel_profile *k,
		       enum iot_kernel_arch arch, const char *symbol);

/*
 * The names of the distributions iotopo has a table for, NULL-terminated,
 * and for one of them the symbols of the simulator's set it does not have
 * verified values for (taken from Debian), comma-separated in @buf.
 */
const char *const *iot_kconfig_distros(void);
void iot_kconfig_assumed(const struct iot_kconfig *cfg, enum iot_kernel_arch arch, char *buf,
			 size_t n);

#endif
