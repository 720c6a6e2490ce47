// SPDX-License-Identifier: MIT
/*
 * The distribution kernel configs the profiles assume: which IOMMU drivers
 * (and the few bus drivers whose binding order matters) are built in, are
 * modules, or are missing.  A profile row lists only where its kernel
 * differs from this base.
 *
 * Base (arm64): Debian's linux-image-7.2.13+deb14-arm64, the file
 * /usr/lib/modules/7.2.13+deb14-arm64/config of linux-base-7.2.13+deb14-arm64
 * 7.2.13-1 (CONFIG_IPMMU_VMSA and CONFIG_EXYNOS_IOMMU "is not set",
 * CONFIG_MTK_IOMMU=m, CONFIG_VIRTIO_IOMMU=m, ...); its modules.builtin lists
 * arm_smmu.ko and arm_smmu_v3.ko, its modules.order mtk_iommu.ko and
 * virtio-iommu.ko.  Symbols that depend on another architecture (MSM_IOMMU
 * and MTK_IOMMU_V1 need ARM, APPLE_DART needs ARCH_APPLE, which Debian does
 * not set) are 'n'.  Base (amd64): what the QEMU captures of Debian's amd64
 * kernels show: intel-iommu and amd-iommu initialise at boot (built in),
 * virtio-iommu is a module loaded later, the default DMA mode is lazy (the
 * Kconfig default on x86); no Arm IOMMU driver exists there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/kconfig.h"
#include "kernel/profile.h"
#include "util/file.h"
#include "util/mem.h"

struct kconfig_row {
	const char *symbol;
	char arm64, x86_64;
};

static const struct kconfig_row base[] = {
	{ "ARM_SMMU", 'y', 'n' },
	{ "ARM_SMMU_V3", 'y', 'n' },
	{ "QCOM_IOMMU", 'y', 'n' },
	{ "ROCKCHIP_IOMMU", 'y', 'n' },
	{ "SUN50I_IOMMU", 'y', 'n' },
	{ "TEGRA_IOMMU_SMMU", 'y', 'n' },
	{ "EXYNOS_IOMMU", 'n', 'n' },
	{ "IPMMU_VMSA", 'n', 'n' },
	{ "MTK_IOMMU", 'm', 'n' },
	{ "MTK_IOMMU_V1", 'n', 'n' },
	{ "MSM_IOMMU", 'n', 'n' },
	{ "APPLE_DART", 'n', 'n' },
	{ "VSI_IOMMU", 'n', 'n' },
	{ "VIRTIO_IOMMU", 'm', 'm' },
	{ "INTEL_IOMMU", 'n', 'y' },
	{ "AMD_IOMMU", 'n', 'y' },
	{ "VIRTIO_PCI", 'y', 'y' },
	{ "PCIEPORTBUS", 'y', 'y' },
	{ "FSL_MC_BUS", 'y', 'n' },
	{ "IOMMU_DEFAULT_DMA_STRICT", 'y', 'n' },
	{ "IOMMU_DEFAULT_DMA_LAZY", 'n', 'y' },
	{ "IOMMU_DEFAULT_PASSTHROUGH", 'n', 'n' },
	/*
	 * amd64 (linux-headers-7.2.13+deb14-amd64, -6.1.0-47-amd64 .config):
	 * the Intel default-state choice is Debian's "Enable, excluding
	 * integrated GPU", scalable mode on by default (not on 5.10: profile)
	 */
	{ "INTEL_IOMMU_DEFAULT_ON", 'n', 'n' },
	{ "INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF", 'n', 'y' },
	{ "INTEL_IOMMU_DEFAULT_OFF", 'n', 'n' },
	{ "INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON", 'n', 'y' },
};

char iot_kernel_kconfig(const struct iot_kernel_profile *k, enum iot_kernel_arch arch,
			const char *symbol)
{
	size_t n = strlen(symbol);

	if (k && !strcmp(symbol, "VIRTIO_IOMMU"))
		return k->virtio_iommu ? 'm' : 'n';
	if (k && !strcmp(symbol, "VIRTIO_PCI"))
		return k->virtio_pci_builtin ? 'y' : 'm';
	for (const char *const *o = k ? k->kconfig : NULL; o && *o; o++)
		if (!strncmp(*o, symbol, n) && (*o)[n] == '=')
			return (*o)[n + 1];
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]); i++)
		if (!strcmp(base[i].symbol, symbol))
			return arch == IOT_KARCH_X86_64 ? base[i].x86_64 : base[i].arm64;
	return 'n';
}

/* ---- distributions and .config files (kernel/kconfig.h) ---- */

struct distro_row {
	const char *symbol;
	char arm64, x86_64;
	bool verified; /* read in the source named; false: an assumption said so on stderr */
};

struct distro {
	const char *name;
	const char *source;
	const struct distro_row *rows; /* what differs from or is checked against Debian's */
	size_t n;
};

/*
 * Ubuntu 24.04, linux 6.8.0-86 (noble), debian.master/config/annotations,
 * the generic amd64 and arm64 flavours: IOMMU_DEFAULT_DMA_LAZY on amd64 and
 * _STRICT on arm64 (LP: #2071471), INTEL_IOMMU_DEFAULT_ON and
 * INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON (LP: #1951440), VIRTIO_IOMMU and
 * VIRTIO_PCI built in.  Upstream's Intel default is a bool: Debian's
 * three-way choice (_INTGPU_OFF, _OFF) does not exist there.  Symbols of
 * the other architecture do not exist ('n').
 */
static const struct distro_row ubuntu_rows[] = {
	{ "ARM_SMMU", 'y', 'n', true },
	{ "ARM_SMMU_V3", 'y', 'n', true },
	{ "APPLE_DART", 'm', 'n', true },
	{ "IPMMU_VMSA", 'n', 'n', true },
	{ "INTEL_IOMMU", 'n', 'y', true },
	{ "AMD_IOMMU", 'n', 'y', true },
	{ "VIRTIO_IOMMU", 'y', 'y', true },
	{ "VIRTIO_PCI", 'y', 'y', true },
	{ "PCIEPORTBUS", 'y', 'y', true },
	{ "IOMMU_DEFAULT_DMA_STRICT", 'y', 'n', true },
	{ "IOMMU_DEFAULT_DMA_LAZY", 'n', 'y', true },
	{ "IOMMU_DEFAULT_PASSTHROUGH", 'n', 'n', true },
	{ "INTEL_IOMMU_DEFAULT_ON", 'n', 'y', true },
	{ "INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF", 'n', 'n', true },
	{ "INTEL_IOMMU_DEFAULT_OFF", 'n', 'n', true },
	{ "INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON", 'n', 'y', true },
};

/*
 * RHEL 9 (kernel 5.14), redhat/configs/rhel/generic: CONFIG_IOMMU_DEFAULT_
 * DMA_STRICT=y and _LAZY not set on every architecture (no x86 override).
 * No Debian Intel choice; INTEL_IOMMU_DEFAULT_ON is upstream's Kconfig
 * default (y), not read in a RHEL tree.
 */
static const struct distro_row rhel_rows[] = {
	{ "IOMMU_DEFAULT_DMA_STRICT", 'y', 'y', true },
	{ "IOMMU_DEFAULT_DMA_LAZY", 'n', 'n', true },
	{ "INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF", 'n', 'n', true },
	{ "INTEL_IOMMU_DEFAULT_OFF", 'n', 'n', true },
	{ "INTEL_IOMMU_DEFAULT_ON", 'n', 'y', false },
};

static const struct distro distros[] = {
	{ "debian",
	  "Debian's linux-image configs (7.2.13+deb14 arm64 and amd64, 6.1.0-47 and 5.10.0-32 "
	  "amd64) with each profile's differences",
	  NULL, 0 },
	{ "ubuntu", "Ubuntu 24.04 linux 6.8.0-86 debian.master/config/annotations (generic)",
	  ubuntu_rows, sizeof(ubuntu_rows) / sizeof(ubuntu_rows[0]) },
	{ "rhel", "RHEL 9 (5.14) redhat/configs/rhel/generic", rhel_rows,
	  sizeof(rhel_rows) / sizeof(rhel_rows[0]) },
};

const char *const *iot_kconfig_distros(void)
{
	static const char *const names[] = { "debian", "ubuntu", "rhel", NULL };

	return names;
}

static const struct distro *distro_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(distros) / sizeof(distros[0]); i++)
		if (name && !strcmp(distros[i].name, name))
			return &distros[i];
	return NULL;
}

static const struct distro_row *distro_row(const struct distro *ds, const char *symbol)
{
	for (size_t i = 0; ds && i < ds->n; i++)
		if (!strcmp(ds->rows[i].symbol, symbol))
			return &ds->rows[i];
	return NULL;
}

static int sym_cmp(const void *a, const void *b)
{
	return strcmp(((const struct iot_kconfig_sym *)a)->name,
		      ((const struct iot_kconfig_sym *)b)->name);
}

char iot_kconfig_value(const struct iot_kconfig *cfg, const struct iot_kernel_profile *k,
		       enum iot_kernel_arch arch, const char *symbol)
{
	const struct distro *ds;
	const struct distro_row *row;

	if (cfg && cfg->file) {
		struct iot_kconfig_sym key = { .name = (char *)symbol };
		const struct iot_kconfig_sym *s =
			cfg->n ? bsearch(&key, cfg->v, cfg->n, sizeof(*cfg->v), sym_cmp) : NULL;

		return s ? s->value : 'n';
	}
	ds = cfg ? cfg->distro : distro_by_name(k ? k->config : NULL);
	row = distro_row(ds, symbol);
	if (row)
		return arch == IOT_KARCH_X86_64 ? row->x86_64 : row->arm64;
	return iot_kernel_kconfig(k, arch, symbol);
}

void iot_kconfig_assumed(const struct iot_kconfig *cfg, enum iot_kernel_arch arch, char *buf,
			 size_t n)
{
	const struct distro *ds = cfg && !cfg->file ? cfg->distro : NULL;
	size_t len = 0;

	(void)arch;
	if (n)
		buf[0] = 0;
	if (!ds || !ds->n)
		return;
	for (size_t i = 0; i < sizeof(base) / sizeof(base[0]) && len + 1 < n; i++) {
		const struct distro_row *row = distro_row(ds, base[i].symbol);

		if (row && row->verified)
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
					base[i].symbol);
	}
}

/* A .config line "CONFIG_NAME=value" or "# CONFIG_NAME is not set"; false otherwise. */
static bool parse_line(const char *s, size_t len, char **name, char *value)
{
	const char *eq;

	if (len > 2 && s[0] == '#' && s[1] == ' ') {
		static const char tail[] = " is not set";
		size_t t = sizeof(tail) - 1;

		if (len < 9 + t || strncmp(s + 2, "CONFIG_", 7) || strncmp(s + len - t, tail, t) ||
		    len - t <= 9)
			return false;
		if (memchr(s + 9, ' ', len - t - 9))
			return false;
		*name = iot_strndup(s + 9, len - t - 9);
		*value = 'n';
		return true;
	}
	if (len < 9 || strncmp(s, "CONFIG_", 7))
		return false;
	eq = memchr(s, '=', len);
	if (!eq || eq == s + 7 || eq + 1 == s + len || memchr(s, ' ', (size_t)(eq - s)))
		return false;
	*name = iot_strndup(s + 7, (size_t)(eq - s - 7));
	/* bool/tristate y, m, n; numbers and strings are values of set symbols */
	*value = (eq[1] == 'y' || eq[1] == 'm' || eq[1] == 'n') && eq + 2 == s + len ? eq[1] : 'y';
	return true;
}

static const char *keep(struct iot_kconfig *cfg, char *s)
{
	iot_grow((void **)&cfg->kept, &cfg->cap_kept, cfg->n_kept + 1, sizeof(*cfg->kept));
	cfg->kept[cfg->n_kept++] = s;
	return s;
}

/* "# Linux/x86 6.12.0 Kernel Configuration" (scripts/kconfig/confdata.c:conf_write) */
static void header_version(struct iot_kconfig *cfg, const char *s, size_t len)
{
	static const char head[] = "# Linux/";
	const char *sp, *end = s + len;

	if (cfg->version || len < sizeof(head) || strncmp(s, head, sizeof(head) - 1))
		return;
	sp = memchr(s + sizeof(head) - 1, ' ', (size_t)(end - s - (sizeof(head) - 1)));
	if (!sp || sp + 1 >= end)
		return;
	{
		const char *v = sp + 1, *e = memchr(v, ' ', (size_t)(end - v));

		if (e && e > v && *v >= '0' && *v <= '9')
			cfg->version = iot_strndup(v, (size_t)(e - v));
	}
}

static int read_file_config(const char *path, struct iot_kconfig *cfg, struct iot_diags *d)
{
	uint8_t *data;
	size_t len, cap = 0, lineno = 0;
	const char *file;

	if (iot_read_file(path, &data, &len, d) < 0)
		return -1;
	file = keep(cfg, iot_strdup(path));
	for (size_t i = 0; i < len;) {
		const char *s = (const char *)data + i;
		size_t n = 0;
		char *name = NULL, value;

		while (i + n < len && data[i + n] != '\n')
			n++;
		i += n + 1;
		lineno++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		header_version(cfg, s, n);
		if (!n)
			continue;
		if (!parse_line(s, n, &name, &value) && s[0] == '#')
			continue; /* a comment */
		if (!name) {
			struct iot_loc loc = iot_loc_text(file, (unsigned int)lineno, 1);

			iot_warning(
				d, &loc,
				"not a .config line (CONFIG_NAME=value or \"# CONFIG_NAME is not "
				"set\"): ignored");
			continue;
		}
		iot_grow((void **)&cfg->v, &cap, cfg->n + 1, sizeof(*cfg->v));
		cfg->v[cfg->n].name = name;
		cfg->v[cfg->n++].value = value;
	}
	free(data);
	if (cfg->n)
		qsort(cfg->v, cfg->n, sizeof(*cfg->v), sym_cmp);
	/* a symbol set twice: the last line wins (confdata.c reads in order) */
	{
		size_t w = 0;

		for (size_t r = 0; r < cfg->n; r++) {
			if (w && !strcmp(cfg->v[w - 1].name, cfg->v[r].name)) {
				free(cfg->v[w - 1].name);
				cfg->v[w - 1] = cfg->v[r];
				continue;
			}
			cfg->v[w++] = cfg->v[r];
		}
		cfg->n = w;
	}
	if (!cfg->n) {
		struct iot_loc loc = iot_loc_text(file, 0, 0);

		iot_error(d, &loc, "no CONFIG_ line: not a kernel .config");
		return -1;
	}
	cfg->file = true;
	cfg->source = "a kernel .config file";
	if (iot_kconfig_value(cfg, NULL, IOT_KARCH_X86_64, "X86_64") == 'y') {
		cfg->has_arch = true;
		cfg->arch = IOT_KARCH_X86_64;
	} else if (iot_kconfig_value(cfg, NULL, IOT_KARCH_ARM64, "ARM64") == 'y') {
		cfg->has_arch = true;
		cfg->arch = IOT_KARCH_ARM64;
	}
	return 0;
}

int iot_kconfig_open(const char *spec, struct iot_kconfig *cfg, struct iot_diags *d)
{
	const struct distro *ds = distro_by_name(spec);

	memset(cfg, 0, sizeof(*cfg));
	cfg->name = iot_strdup(spec);
	if (ds) {
		cfg->distro = ds;
		cfg->source = ds->source;
		return 0;
	}
	if (!strchr(spec, '/') && !strchr(spec, '.') && access(spec, F_OK) != 0) {
		iot_error(d, NULL,
			  "--config: '%s' is neither a distribution (debian, ubuntu, rhel) nor a "
			  "file",
			  spec);
		return -1;
	}
	return read_file_config(spec, cfg, d);
}

void iot_kconfig_close(struct iot_kconfig *cfg)
{
	for (size_t i = 0; i < cfg->n; i++)
		free(cfg->v[i].name);
	free(cfg->v);
	for (size_t i = 0; i < cfg->n_kept; i++)
		free(cfg->kept[i]);
	free(cfg->kept);
	free(cfg->version);
	free(cfg->name);
	memset(cfg, 0, sizeof(*cfg));
}
