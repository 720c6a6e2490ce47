// SPDX-License-Identifier: MIT
/* The default domain of an IOMMU group (kernel/domain.h). */
#include "kernel/domain.h"
#include "kernel/kconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void iot_domain_config_init(struct iot_domain_config *dc, const struct iot_kconfig *cfg,
			    const struct iot_kernel_profile *k, enum iot_kernel_arch arch)
{
	char on, intgpu_off, off;

	memset(dc, 0, sizeof(*dc));
	if (iot_kconfig_value(cfg, k, arch, "IOMMU_DEFAULT_PASSTHROUGH") == 'y')
		dc->dma_default = IOT_DMA_DEFAULT_PASSTHROUGH;
	else if (iot_kconfig_value(cfg, k, arch, "IOMMU_DEFAULT_DMA_LAZY") == 'y')
		dc->dma_default = IOT_DMA_DEFAULT_LAZY;
	else if (iot_kconfig_value(cfg, k, arch, "IOMMU_DEFAULT_DMA_STRICT") == 'y')
		dc->dma_default = IOT_DMA_DEFAULT_STRICT;
	else
		/* before the 5.15 choice: x86 drivers flushed lazily, iommu_dma_strict elsewhere */
		dc->dma_default =
			arch == IOT_KARCH_X86_64 ? IOT_DMA_DEFAULT_LAZY : IOT_DMA_DEFAULT_STRICT;
	on = iot_kconfig_value(cfg, k, arch, "INTEL_IOMMU_DEFAULT_ON");
	intgpu_off = iot_kconfig_value(cfg, k, arch, "INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF");
	off = iot_kconfig_value(cfg, k, arch, "INTEL_IOMMU_DEFAULT_OFF");
	/* intel/iommu.c: dmar_disabled (Debian: IS_ENABLED(..._OFF); upstream: !..._ON) */
	dc->intel_off_by_default = off == 'y' || (on != 'y' && intgpu_off != 'y');
	dc->intel_intgpu_off = intgpu_off == 'y';
	dc->intel_sm_default_on =
		iot_kconfig_value(cfg, k, arch, "INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON") == 'y';
}

static void why_add(struct iot_dma_mode *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void why_add(struct iot_dma_mode *m, const char *fmt, ...)
{
	size_t len = strlen(m->why);
	va_list ap;

	if (len && len + 1 < sizeof(m->why))
		m->why[len++] = '\n';
	va_start(ap, fmt);
	vsnprintf(m->why + len, sizeof(m->why) - len, fmt, ap);
	va_end(ap);
}

void iot_iommu_dma_mode(const struct iot_kernel_profile *k, const struct iot_domain_config *dc,
			bool x86, const struct iot_iommu_cmdline *cl, struct iot_dma_mode *out)
{
	enum iot_dma_default def = dc  ? dc->dma_default :
				   x86 ? IOT_DMA_DEFAULT_LAZY :
					 IOT_DMA_DEFAULT_STRICT;
	static const char *const kname[] = {
		[IOT_DMA_DEFAULT_STRICT] = "IOMMU_DEFAULT_DMA_STRICT",
		[IOT_DMA_DEFAULT_LAZY] = "IOMMU_DEFAULT_DMA_LAZY",
		[IOT_DMA_DEFAULT_PASSTHROUGH] = "IOMMU_DEFAULT_PASSTHROUGH",
	};

	memset(out, 0, sizeof(*out));
	/* iommu.c:iommu_subsys_init: the Kconfig default unless the command line set one */
	out->passthrough = def == IOT_DMA_DEFAULT_PASSTHROUGH;
	out->strict = def != IOT_DMA_DEFAULT_LAZY;
	if (k && !k->dma_fq_type && !dc)
		why_add(out, "Kconfig default (no IOMMU_DEFAULT_DMA_* choice before 5.15): %s",
			out->strict ? "strict" : "lazy");
	else
		why_add(out, "Kconfig default CONFIG_%s (iommu.c:iommu_subsys_init)", kname[def]);
	/* "iommu=pt|nopt" exists only on x86 (arch/x86/kernel/pci-dma.c:iommu_setup) */
	if (x86 && cl->passthrough_set) {
		out->passthrough = cl->passthrough;
		why_add(out,
			"%s on the command line (the last of iommu=pt|nopt, iommu.passthrough=)",
			cl->passthrough ? "pass-through" : "translated");
	} else if (!x86 && cl->generic_passthrough_set) {
		out->passthrough = cl->generic_passthrough;
		why_add(out, "iommu.passthrough=%d on the command line", cl->generic_passthrough);
	}
	if (cl->strict_set) {
		out->strict = cl->strict;
		why_add(out, "iommu.strict=%d on the command line", cl->strict);
	}
	/* intel/iommu.c:intel_iommu_setup "strict", amd/init.c "fullflush": iommu_set_dma_strict */
	if (cl->driver_strict)
		iot_iommu_set_dma_strict(out, "intel_iommu=strict or amd_iommu=fullflush on the "
					      "command line (iommu_set_dma_strict)");
}

void iot_iommu_set_dma_strict(struct iot_dma_mode *m, const char *why)
{
	/* iommu.c:iommu_set_dma_strict: DMA_FQ becomes DMA; identity stays */
	m->strict = true;
	why_add(m, "%s", why);
}

void iot_iommu_set_default_passthrough(struct iot_dma_mode *m, const char *why)
{
	m->passthrough = true;
	why_add(m, "%s", why);
}

bool iot_intel_platform_optin(const struct iot_domain_config *dc,
			      const struct iot_iommu_cmdline *cl, const struct iot_topology *t,
			      bool *was_off)
{
	bool external = false;

	*was_off = dc->intel_off_by_default && !cl->intel_on;
	/* no_iommu, !dmar_platform_optin(), no_platform_optin (intel_iommu=off) */
	if (cl->iommu_off || !(t->x86.dmar_flags & 0x04) || cl->intel_off)
		return false;
	for (size_t r = 0; r < t->n_roots && !external; r++)
		for (size_t i = 0; i < t->roots[r].n_devs && !external; i++)
			external = t->roots[r].devs[i].external_facing;
	return external;
}

bool iot_intel_enabled(const struct iot_domain_config *dc, const struct iot_iommu_cmdline *cl,
		       const struct iot_topology *t, const char **why)
{
	bool was_off;

	if (cl->iommu_off) {
		*why = "iommu=off on the command line (no_iommu): intel-iommu does not initialise";
		return false;
	}
	if (iot_intel_platform_optin(dc, cl, t, &was_off))
		return true;
	if (cl->intel_off) {
		*why = "intel_iommu=off on the command line (dmar_disabled)";
		return false;
	}
	if (was_off) {
		*why = "VT-d is off by default in this config (CONFIG_INTEL_IOMMU_DEFAULT_OFF, or "
		       "CONFIG_INTEL_IOMMU_DEFAULT_ON not set) and the command line has no "
		       "intel_iommu=on (dmar_disabled)";
		return false;
	}
	return true;
}

bool iot_intel_sm_enabled(const struct iot_domain_config *dc, const struct iot_iommu_cmdline *cl)
{
	/* intel/iommu.c: intel_iommu_sm = IS_ENABLED(CONFIG_INTEL_IOMMU_SCALABLE_MODE_DEFAULT_ON) */
	if (cl && cl->intel_sm >= 0)
		return cl->intel_sm;
	return dc && dc->intel_sm_default_on;
}

static bool vtd_unit(const struct iot_iommu *u)
{
	return u->model == IOT_IOMMU_INTEL_VTD && !u->x86.duplicate;
}

bool iot_intel_forces_strict(const struct iot_kernel_profile *k, bool sm,
			     const struct iot_topology *t, size_t unit, char *buf, size_t n)
{
	const struct iot_iommu *u = &t->iommus[unit];
	uint64_t ecap = u->x86.reg_ecap;
	bool fl;

	if (!u->x86.has_regs || !(u->x86.reg_cap & IOT_VTD_CAP_CM))
		return false;
	if (!k->intel_cm_fl_exempt) {
		/* 5.10 intel_iommu_init: caching mode alone sets intel_iommu_strict */
		snprintf(buf, n,
			 "%s reports caching mode (CAP bit 7): \"IOMMU batching disallowed due to "
			 "virtualization\" (intel/iommu.c:intel_iommu_init)",
			 u->name);
		return true;
	}
	if (!k->intel_fl_per_unit) {
		/*
		 * cap_audit.c: scalable_mode_support() and intel_cap_flts/slts_sanity()
		 * hold only what every unit supports
		 */
		for (size_t i = 0; i < t->n_iommus; i++)
			if (vtd_unit(&t->iommus[i]) && t->iommus[i].x86.has_regs)
				ecap &= t->iommus[i].x86.reg_ecap;
	}
	/* intel/iommu.c:first_level_by_default */
	if (!sm || !(ecap & IOT_VTD_ECAP_SMTS))
		fl = false;
	else if (!!(ecap & IOT_VTD_ECAP_FLTS) != !!(ecap & IOT_VTD_ECAP_SLTS))
		fl = ecap & IOT_VTD_ECAP_FLTS;
	else
		fl = true;
	if (fl)
		return false;
	snprintf(buf, n,
		 "%s reports caching mode (CAP bit 7) and DMA domains use second-level tables "
		 "(%s): \"IOMMU batching disallowed due to virtualization\" "
		 "(intel/iommu.c:intel_iommu_init, first_level_by_default)",
		 u->name,
		 !sm			     ? "scalable mode off (intel_iommu_sm)" :
		 !(ecap & IOT_VTD_ECAP_SMTS) ? "no scalable-mode support (ECAP SMTS)" :
					       "no first-level support (ECAP FLTS)");
	return true;
}

bool iot_amd_forces_strict(const struct iot_kernel_profile *k, const struct iot_iommu *u)
{
	/* amd/init.c:iommu_init_pci: IOMMU_CAP_NPCACHE -> iommu_set_dma_strict() */
	return k->amd_npcache_strict && u->model == IOT_IOMMU_AMD_VI && u->x86.has_regs &&
	       (u->x86.reg_cap & IOT_AMD_CAP_NPCACHE);
}

/* intel/iommu.c: IS_GFX_DEVICE (pci_is_display) */
static bool is_display(const struct iot_pci_dev *p)
{
	return (p->class_code >> 16) == 0x03;
}

enum iot_domain_type iot_intel_def_domain_type(const struct iot_kernel_profile *k,
					       const struct iot_domain_config *dc,
					       const struct iot_iommu_cmdline *cl,
					       const struct iot_iommu *u,
					       const struct iot_domain_dev *dev, const char **why)
{
	const struct iot_pci_dev *p = dev->pci;
	bool map_intgpu;

	if (k->intel_untrusted_dma && p && dev->untrusted) {
		*why = "untrusted device: DMA (intel/iommu.c:device_def_domain_type, 5.10)";
		return IOT_DOMAIN_DMA;
	}
	if (k->intel_pt_needs_ecap && u && u->x86.has_regs &&
	    !(u->x86.reg_ecap & IOT_VTD_ECAP_PT)) {
		*why = "its VT-d unit has no pass-through support (ECAP PT clear): always a DMA "
		       "domain (intel/iommu.c:device_def_domain_type)";
		return IOT_DOMAIN_DMA;
	}
	if (!p)
		return IOT_DOMAIN_NONE;
	if (k->intel_identmap_gfx && cl && cl->intel_igfx_off && is_display(p)) {
		*why = "display device with intel_iommu=igfx_off: identity (IDENTMAP_GFX, "
		       "intel/iommu.c:device_def_domain_type before 6.10)";
		return IOT_DOMAIN_IDENTITY;
	}
	/*
	 * dmar_map_intgpu = IS_ENABLED(CONFIG_INTEL_IOMMU_DEFAULT_ON) in
	 * Debian's patch (0 with its _INTGPU_OFF choice; kernels without the
	 * patch always map), set by intel_iommu=on, cleared by
	 * intel_iommu=intgpu_off; unmapped integrated GPUs get IDENTMAP_INTGPU
	 */
	map_intgpu = cl && cl->intel_map_intgpu >= 0 ? cl->intel_map_intgpu :
						       !(dc && dc->intel_intgpu_off);
	if (!map_intgpu && is_display(p) && p->vendor == 0x8086 && dev->root_bus) {
		*why = cl && cl->intel_map_intgpu == 0 ?
			       "Intel integrated GPU with intel_iommu=intgpu_off: identity "
			       "(IDENTMAP_INTGPU, intel/iommu.c:device_def_domain_type)" :
			       "Intel integrated GPU, Debian's "
			       "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF and no intel_iommu=on: "
			       "identity (IDENTMAP_INTGPU, intel/iommu.c:device_def_domain_type)";
		return IOT_DOMAIN_IDENTITY;
	}
	return IOT_DOMAIN_NONE;
}

enum iot_domain_type iot_amd_def_domain_type(const struct iot_kernel_profile *k,
					     const struct iot_iommu_cmdline *cl, uint64_t efr,
					     const struct iot_domain_dev *dev, const char **why)
{
	const struct iot_pci_dev *p = dev->pci;

	if (!p)
		return IOT_DOMAIN_NONE;
	if (k->amd_pasid_identity && dev->untrusted) {
		*why = "untrusted device: DMA (amd/iommu.c:amd_iommu_def_domain_type)";
		return IOT_DOMAIN_DMA;
	}
	/*
	 * amd/iommu.c:amd_iommu_probe_device: the device's capabilities are
	 * recorded unless amd_iommu=force_isolation (with a translated default)
	 */
	if (cl && cl->amd_force_isolation && !(cl->passthrough_set && cl->passthrough))
		return IOT_DOMAIN_NONE;
	if (k->amd_pasid_identity) {
		/* amd_iommu.h:amd_iommu_gt_ppr_supported; iommu.c:pdev_get_caps, pdev_pasid_supported */
		uint64_t need =
			IOT_AMD_EFR_GIOSUP | IOT_AMD_EFR_GT | IOT_AMD_EFR_PPR | IOT_AMD_EFR_EPHSUP;

		if ((efr & need) == need && p->has_pasid) {
			*why = "PASID-capable device and the IOMMUs support GIOSUP, GT, PPR and "
			       "EPHSUP: identity (amd/iommu.c:amd_iommu_def_domain_type)";
			return IOT_DOMAIN_IDENTITY;
		}
		return IOT_DOMAIN_NONE;
	}
	/* before 6.7: dev_data->iommu_v2 = pci_iommuv2_capable && iommu->is_iommu_v2 */
	if ((efr & (IOT_AMD_EFR_GT | IOT_AMD_EFR_PPR)) == (IOT_AMD_EFR_GT | IOT_AMD_EFR_PPR) &&
	    p->has_ats && p->has_pri && p->has_pasid) {
		*why = "IOMMUv2-capable device (ATS, PRI, PASID) on a unit with GT and PPR: "
		       "identity (amd/iommu.c:amd_iommu_def_domain_type, iommu_v2)";
		return IOT_DOMAIN_IDENTITY;
	}
	return IOT_DOMAIN_NONE;
}

enum iot_domain_type iot_smmuv3_def_domain_type(const struct iot_kernel_profile *k,
						const struct iot_domain_dev *dev, const char **why)
{
	/* arm-smmu-v3.c: IS_HISI_PTT_DEVICE */
	if (k->smmuv3_hisi_ptt_identity && dev->pci && dev->pci->vendor == 0x19e5 &&
	    dev->pci->device == 0xa12e) {
		*why = "HiSilicon PCIe tune and trace device: identity only "
		       "(arm-smmu-v3.c:arm_smmu_def_domain_type)";
		return IOT_DOMAIN_IDENTITY;
	}
	return IOT_DOMAIN_NONE;
}

enum iot_domain_type iot_tegra_smmu_def_domain_type(const struct iot_kernel_profile *k,
						    const char **why)
{
	if (!k->tegra_smmu_identity)
		return IOT_DOMAIN_NONE;
	*why = "tegra-smmu runs every device in identity mode "
	       "(tegra-smmu.c:tegra_smmu_def_domain_type)";
	return IOT_DOMAIN_IDENTITY;
}

void iot_def_domain_merge(const struct iot_kernel_profile *k, struct iot_def_merge *m,
			  bool untrusted, enum iot_domain_type answer)
{
	if (!k->core_merge_identity) {
		/* iommu.c:iommu_get_def_domain_type (6.1): untrusted answers DMA itself */
		if (untrusted)
			answer = IOT_DOMAIN_DMA;
		/* probe_get_default_domain_type: a disagreement means "using default" */
		if (answer == IOT_DOMAIN_NONE || m->conflict)
			return;
		if (m->type != IOT_DOMAIN_NONE && m->type != answer) {
			m->conflict = true;
			m->type = IOT_DOMAIN_NONE;
		} else {
			m->type = answer;
		}
		return;
	}
	m->untrusted |= untrusted;
	/* iommu.c:iommu_get_def_domain_type: "drivers are allowed to force IDENTITY or DMA" */
	if (answer == IOT_DOMAIN_NONE || answer == m->type)
		return;
	if (m->type == IOT_DOMAIN_NONE || answer == IOT_DOMAIN_IDENTITY)
		m->type = answer;
}

enum iot_domain_type iot_iommu_def_domain_type(const struct iot_domain_inputs *in, const char **why)
{
	const char *dummy;

	if (!why)
		why = &dummy;
	/* iommu.c:iommu_get_default_domain_type: untrusted devices get a strict DMA domain */
	if (in->untrusted) {
		if (in->driver_type == IOT_DOMAIN_IDENTITY) {
			*why = "an untrusted member and a driver asking for identity: \"Device is "
			       "not trusted, but driver is overriding group to Passthrough, refusing "
			       "to probe\" (iommu.c:iommu_get_default_domain_type)";
			return IOT_DOMAIN_NONE;
		}
		*why = "an untrusted member (external-facing port above it): strict DMA "
		       "(iommu.c:iommu_get_default_domain_type)";
		return IOT_DOMAIN_DMA;
	}
	if (in->driver_type != IOT_DOMAIN_NONE) {
		*why = "the driver's def_domain_type answer (iommu.c:iommu_get_def_domain_type)";
		return in->driver_type;
	}
	if (in->mode.passthrough) {
		*why = "the global default is identity (iommu_def_domain_type)";
		return IOT_DOMAIN_IDENTITY;
	}
	if (in->mode.strict) {
		*why = "the global default is a strict DMA domain (iommu_dma_strict)";
		return IOT_DOMAIN_DMA;
	}
	/* dma-iommu.c:iommu_dma_init_fq needs IOMMU_CAP_DEFERRED_FLUSH */
	if (!in->deferred_flush) {
		*why = "lazy by default, but the driver lacks IOMMU_CAP_DEFERRED_FLUSH: DMA "
		       "(iommu.c:iommu_dma_init_domain)";
		return IOT_DOMAIN_DMA;
	}
	if (in->no_fq_type) {
		*why = "lazy by default; before 5.15 a lazy DMA domain reads \"DMA\" (no "
		       "IOMMU_DOMAIN_DMA_FQ)";
		return IOT_DOMAIN_DMA;
	}
	*why = "the global default is lazy: DMA-FQ (iommu_subsys_init)";
	return IOT_DOMAIN_DMA_FQ;
}

const char *iot_domain_type_name(enum iot_domain_type t)
{
	static const char *const names[] = { "none", "DMA", "DMA-FQ", "identity" };

	return (unsigned int)t < sizeof(names) / sizeof(names[0]) ? names[t] : "?";
}
