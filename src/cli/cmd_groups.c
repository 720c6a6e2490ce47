// SPDX-License-Identifier: MIT
/*
 * iotopo groups INPUT...: predict per device its IOMMU, IDs, IOMMU group,
 * default domain and isolation for a chosen kernel.  Only wiring: inputs go
 * through iot_load_input(), the simulation is src/sim, the output src/report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "kernel/acs_override.h"
#include "io/load.h"
#include "kernel/kconfig.h"
#include "kernel/pci_quirks.h"
#include "report/groups.h"
#include "sim/sim.h"
#include "sysfs/sysfs.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"

static const struct iot_option groups_options[] = {
	{ "kernel", 'k', IOT_OPT_VALUE, "VERSION",
	  "kernel to predict for: a profile (5.10, 5.15, 6.1, 6.6, 6.12, 6.15, 6.16, 6.18, 7.2, "
	  "7.3) or any version or uname -r string, which uses the newest profile not above it "
	  "and says so on stderr (default: the topology's kernel.version, else 7.2)",
	  "5.10 5.15 6.1 6.6 6.12 6.15 6.16 6.18 7.2 7.3", false },
	{ "cmdline", 0, IOT_OPT_VALUE, "STRING",
	  "kernel command line (iommu.passthrough=, iommu.strict=, iommu=pt; on x86 also "
	  "iommu=off, intel_iommu=off|igfx_off, amd_iommu=off); default: the topology's "
	  "kernel.cmdline",
	  NULL, false },
	{ "config", 0, IOT_OPT_VALUE, "NAME|FILE",
	  "the kernel config assumed: a distribution's (debian, ubuntu, rhel) or a kernel "
	  ".config file (its CONFIG_X86_64 or CONFIG_ARM64 gives --arch, its header the "
	  "version when neither --kernel nor the topology has one); it decides which IOMMU "
	  "drivers exist, the default DMA mode and the Intel defaults (default: the profile's, "
	  "Debian's)",
	  "debian ubuntu rhel", true },
	{ "arch", 0, IOT_OPT_VALUE, "ARCH",
	  "arm64 or x86_64 (default: from the kernel version "
	  "string or the IOMMUs)",
	  "arm64 x86_64", false },
	{ "firmware", 0, IOT_OPT_VALUE, "KIND",
	  "dt or acpi: whose lookup rules and probe timing "
	  "apply (default: from the topology)",
	  "dt acpi", false },
	{ "state", 0, IOT_OPT_VALUE, "STATE",
	  "boot (drivers as given) or final (pci-stub bound "
	  "to every driverless PCI device, BDF order)",
	  "boot final", false },
	{ "iommu-first", 0, IOT_OPT_FLAG, NULL,
	  "the IOMMU driver registers before the PCI host "
	  "bridge probes (default: after, as on QEMU virt)",
	  NULL, false },
	{ "iommu-after-timeout", 0, IOT_OPT_FLAG, NULL,
	  "every IOMMU driver is a module loaded after the deferred-probe timeout: clients "
	  "already bound stay untranslated",
	  NULL, false },
	{ "format", 'f', IOT_OPT_VALUE, "FORMAT", "text, json or dot", "text json dot", false },
	{ "output", 'o', IOT_OPT_VALUE, "FILE", "write the report to FILE (default: stdout)", NULL,
	  true },
	{ "explain", 'e', IOT_OPT_LIST, "DEVICE",
	  "print the chain of rules that placed DEVICE "
	  "(\"0000:01:00.0\", \"01:00.0\" or a platform device name); repeatable",
	  NULL, false },
	{ "trace", 0, IOT_OPT_FLAG, NULL,
	  "print the probe timeline (device_add, bus walk, bind, "
	  "deferral)",
	  NULL, false },
	{ "against-kernel", 0, IOT_OPT_VALUE, "VERSION",
	  "report what changes for this machine from --kernel to VERSION: groups that "
	  "split or merge (by membership), devices that change verdict or isolation "
	  "(exit 1 if anything does)",
	  "5.10 5.15 6.1 6.6 6.12 6.15 6.16 6.18 7.2 7.3", false },
	{ "sysfs", 's', IOT_OPT_VALUE, "DIR",
	  "read the PCI hierarchy, drivers, osrelease and "
	  "cmdline from a sysfs tree (\"/\" or a snapshot); its firmware too unless INPUTs are "
	  "given",
	  NULL, true },
	{ "compare-sysfs", 0, IOT_OPT_VALUE, "DIR",
	  "compare the prediction with the groups in DIR/sys/kernel/iommu_groups by "
	  "membership (which devices share a group, which have none; never by group "
	  "number): print every difference with both sides' numbers, exit 1 if any",
	  NULL, true },
	{ "list-quirks", 0, IOT_OPT_FLAG, NULL,
	  "print the PCI quirk rows (ACS, DMA alias, bridge flags) the --kernel profile applies, "
	  "one per line as tests/tools/extract-quirks.py lists drivers/pci/quirks.c, and exit",
	  NULL, false },
	{ "acs-override", 0, IOT_OPT_VALUE, "SPEC",
	  "what-if, UNSAFE: a kernel with the out-of-tree ACS override patch (Proxmox VE, Zen) "
	  "booted with pcie_acs_override=SPEC: downstream, multifunction, id:VVVV:DDDD, "
	  "comma-separated; the groups it splits are marked, since their devices can still "
	  "reach each other",
	  "downstream multifunction downstream,multifunction", false },
	{ "pci-ids", 0, IOT_OPT_VALUE, "FILE",
	  "device names from FILE (the PCI ID database), or \"none\"; default: "
	  "$IOTOPO_PCI_IDS, else the first of /usr/share/misc/pci.ids (Debian's pci.ids "
	  "package), /usr/share/hwdata/pci.ids, /usr/share/pci.ids; without one, numbers only",
	  NULL, true },
	{ "list-profiles", 0, IOT_OPT_FLAG, NULL,
	  "print the kernel profiles (version, build checked against, config, what each one's "
	  "switches do and the commits that set them) and exit; --format man writes the man "
	  "page's KERNEL PROFILES list",
	  NULL, false },
	{ "live-acs", 0, IOT_OPT_FLAG, NULL,
	  "take ACS control registers read from sysfs as the "
	  "firmware's (default: they hold what Linux enabled, so firmware is assumed to leave 0)",
	  NULL, false },
	{ 0 },
};

static int parse_enum(const struct iot_args *a, const char *opt, const char *const *names, int n,
		      int *out)
{
	const char *v = iot_arg(a, opt);

	if (!v)
		return 0;
	for (int i = 0; i < n; i++)
		if (names[i] && !strcmp(v, names[i])) {
			*out = i;
			return 0;
		}
	return -1;
}

static int parse_opts(const struct iot_args *a, struct iot_sim_opts *o)
{
	static const char *const arch[] = { NULL, "arm64", "x86_64" };
	static const char *const fw[] = { NULL, "dt", "acpi" };
	static const char *const st[] = { "boot", "final" };
	int v;

	memset(o, 0, sizeof(*o));
	o->kernel = iot_arg(a, "kernel");
	o->cmdline = iot_arg(a, "cmdline");
	v = 0;
	if (parse_enum(a, "arch", arch, 3, &v))
		return iot_usage_error(a->cmd, "--arch must be arm64 or x86_64");
	o->arch = (enum iot_sim_arch)v;
	v = 0;
	if (parse_enum(a, "firmware", fw, 3, &v))
		return iot_usage_error(a->cmd, "--firmware must be dt or acpi");
	o->firmware = v == 1 ? IOT_FW_DT : v == 2 ? IOT_FW_ACPI : IOT_FW_UNKNOWN;
	v = 0;
	if (parse_enum(a, "state", st, 2, &v))
		return iot_usage_error(a->cmd, "--state must be boot or final");
	o->state = (enum iot_sim_state)v;
	o->iommu_before_pci = iot_arg_count(a, "iommu-first") > 0;
	o->iommu_after_timeout = iot_arg_count(a, "iommu-after-timeout") > 0;
	o->trace = iot_arg_count(a, "trace") > 0;
	o->explain = iot_arg_count(a, "explain") > 0;
	return 0;
}

/* --config: a note naming the config, where its values come from, and what is assumed */
static void config_note(const struct iot_kconfig *cfg, const struct iot_sim_opts *o,
			struct iot_diags *d)
{
	char assumed[512];
	enum iot_kernel_arch arch = o->arch == IOT_ARCH_X86 ? IOT_KARCH_X86_64 : IOT_KARCH_ARM64;

	iot_kconfig_assumed(cfg, arch, assumed, sizeof(assumed));
	if (cfg->file)
		iot_diag(d, IOT_SEV_NOTE, NULL, NULL, "config %s: %zu symbols read%s%s%s%s",
			 cfg->name, cfg->n, cfg->has_arch ? ", arch " : "",
			 cfg->has_arch ? (cfg->arch == IOT_KARCH_X86_64 ? "x86_64" : "arm64") : "",
			 cfg->version ? ", Linux " : "", cfg->version ? cfg->version : "");
	else
		iot_diag(d, IOT_SEV_NOTE, NULL, NULL, "config %s: %s%s%s%s", cfg->name, cfg->source,
			 *assumed ? "; not verified there, taken from Debian: " : "", assumed, "");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int emit(const struct iot_args *a, struct iot_buf *out, struct iot_diags *d)
{
	const char *path = iot_arg(a, "output");

	return iot_write_atomic(path ? path : "-", out->data, out->len, d) < 0 ? 2 : 0;
}

static void flush_to_stream(struct iot_buf *b, void *arg)
{
	iot_write_stream_write(arg, b->data, b->len);
	iot_buf_reset(b);
}

/*
 * The report an operator reads: groups with device names (pci.ids), slots,
 * what the host uses, and a VFIO verdict per group.  @without_override: the
 * prediction without --acs-override, when it was given.  Large reports go
 * to @ws as they grow.
 */
static int operator_view(const struct iot_args *a, const struct iot_topology *t,
			 const struct iot_sim_result *r,
			 const struct iot_sim_result *without_override, const char *fmt,
			 struct iot_buf *out, struct iot_write_stream *ws, struct iot_diags *d)
{
	struct iot_vfio vfio;
	struct iot_groups_extra x = { .vfio = &vfio, .flush = flush_to_stream, .flush_arg = ws };
	const char *spec = iot_arg(a, "acs-override");
	struct iot_pciids *ids;
	size_t errors = d->n_errors;

	ids = iot_pciids_load(iot_arg(a, "pci-ids"), t, d);
	if (d->n_errors > errors)
		return 2;
	x.ids = ids;
	if (r->acs_override) {
		x.acs_override = spec ? spec : r->acs_override_cmdline_value;
		x.acs_override_in_kernel = !spec;
	}
	iot_vfio_assess(t, r, without_override, &vfio);
	if (!strcmp(fmt, "json"))
		iot_groups_json(t, r, &x, out);
	else if (!strcmp(fmt, "dot"))
		iot_groups_dot(t, r, &x, out);
	else
		iot_groups_text(t, r, &x, out);
	iot_vfio_free(&vfio);
	iot_pciids_free(ids);
	return 0;
}

static int report_with(const struct iot_args *a, const struct iot_topology *t,
		       const struct iot_sim_opts *o, struct iot_buf *out,
		       struct iot_write_stream *ws, struct iot_diags *d);

/* --acs-override parsed into the simulation options, then the report */
static int report(const struct iot_args *a, const struct iot_topology *t,
		  const struct iot_sim_opts *o_in, struct iot_buf *out, struct iot_write_stream *ws,
		  struct iot_diags *d)
{
	struct iot_sim_opts opts = *o_in, *o = &opts;
	struct iot_acs_override ov;
	const char *ov_spec = iot_arg(a, "acs-override");

	if (ov_spec) {
		char err[200];

		if (iot_acs_override_parse(ov_spec, &ov, err, sizeof(err)) < 0)
			return iot_usage_error(a->cmd, "--acs-override: %s", err);
		opts.acs_override = &ov;
	}
	return report_with(a, t, o, out, ws, d);
}

static int report_with(const struct iot_args *a, const struct iot_topology *t,
		       const struct iot_sim_opts *o, struct iot_buf *out,
		       struct iot_write_stream *ws, struct iot_diags *d)
{
	const char *fmt = iot_arg(a, "format") ? iot_arg(a, "format") : "text";
	const char *against = iot_arg(a, "against-kernel");
	struct iot_sim_result r;
	int n_explain, rc = 0;
	const char **explain = iot_arg_list(a, "explain", &n_explain);

	if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "dot"))
		return iot_usage_error(a->cmd, "--format must be text, json or dot");
	if (iot_sim_run(t, o, &r, d) < 0)
		return 2;
	if (against) {
		struct iot_sim_opts ob = *o;
		struct iot_sim_result rb;

		ob.kernel = against;
		if (iot_sim_run(t, &ob, &rb, d) < 0) {
			iot_sim_free(&r);
			return 2;
		}
		rc = iot_groups_diff(t, &r, &rb, out) ? 1 : 0;
		iot_sim_free(&rb);
	} else if (iot_arg(a, "compare-sysfs")) {
		struct iot_sysfs_groups g;
		struct stat st;

		if (stat(iot_arg(a, "compare-sysfs"), &st) || !S_ISDIR(st.st_mode)) {
			struct iot_loc loc = iot_loc_text(iot_arg(a, "compare-sysfs"), 0, 0);

			iot_error(d, &loc, "--compare-sysfs: not a directory");
			iot_sim_free(&r);
			return 2;
		}
		if (iot_sysfs_read_groups(iot_arg(a, "compare-sysfs"), &g, d) < 0) {
			iot_sim_free(&r);
			return 2;
		}
		rc = iot_groups_compare(t, &r, &g, out) ? 1 : 0;
		/* diagnostics may point into g: print them while it lives */
		iot_diags_fprint(stderr, d);
		iot_diags_free(d);
		iot_diags_init(d);
		iot_sysfs_groups_free(&g);
	} else if (n_explain) {
		for (int i = 0; i < n_explain; i++) {
			int s = iot_sim_find_dev(&r, explain[i]);

			if (s < 0) {
				iot_error(d, NULL, "--explain: no device named '%s'", explain[i]);
				rc = 2;
				continue;
			}
			iot_groups_explain(t, &r, s, out);
		}
	} else if (r.acs_override) {
		/* what the override changes: the same machine without it */
		struct iot_sim_opts ob = *o;
		struct iot_sim_result rb;

		struct iot_diags scratch; /* its notes would repeat the run's own */
		int brc;

		ob.acs_override = NULL;
		ob.acs_override_off = true;
		ob.explain = ob.trace = false;
		iot_diags_init(&scratch);
		brc = iot_sim_run(t, &ob, &rb, &scratch);
		if (brc < 0)
			iot_diags_fprint(stderr, &scratch);
		iot_diags_free(&scratch);
		if (brc < 0) {
			iot_sim_free(&r);
			return 2;
		}
		rc = operator_view(a, t, &r, &rb, fmt, out, ws, d);
		iot_sim_free(&rb);
	} else {
		rc = operator_view(a, t, &r, NULL, fmt, out, ws, d);
	}
	if (o->trace) {
		/* the timeline goes to stderr so stdout stays one parseable report */
		fwrite(r.trace.data, 1, r.trace.len, stderr);
	}
	iot_sim_free(&r);
	return rc;
}

/*
 * ACS control as read from a running system is what Linux programmed
 * (pci_enable_acs), not what firmware left; predict from firmware's usual 0.
 */
static void forget_live_acs(struct iot_topology *t)
{
	for (size_t i = 0; i < t->n_roots; i++)
		for (size_t j = 0; j < t->roots[i].n_devs; j++) {
			t->roots[i].devs[j].acs_ctrl = 0;
			t->roots[i].devs[j].acs_ctrl_set = false;
		}
}

/*
 * For a sysfs tree: ACS control registers hold what Linux enabled (forget
 * them unless --live-acs).  The firmware the kernel used is what the tree's
 * reader recorded in the topology.
 */
static void from_tree(const struct iot_args *a, const char *dir, struct iot_topology *t)
{
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode))
		return;
	if (!iot_arg_count(a, "live-acs"))
		forget_live_acs(t);
}

/* --sysfs DIR: the whole tree, or only its PCI hierarchy and kernel when INPUTs gave firmware */
static int load_sysfs(const struct iot_args *a, const char *dir, struct iot_topology *t,
		      struct iot_diags *d)
{
	int rc = a->n_pos ? iot_sysfs_load(dir, t, NULL, d) : iot_load_input(dir, t, NULL, d);

	if (rc == 0)
		from_tree(a, dir, t);
	return rc;
}

/* --list-quirks: the quirks.c rows the profile's kernel build carries, sorted */
static int list_quirks(const struct iot_args *a, const struct iot_sim_opts *o)
{
	const char *ver = o->kernel ? o->kernel : "7.2";
	const struct iot_kernel_profile *k = iot_kernel_profile_find(ver);
	struct iot_diags d;
	struct iot_buf out;
	char **lines;
	size_t n = 0;
	uint8_t tree;
	int rc;

	if (!k) {
		fprintf(stderr, "iotopo groups: kernel version '%s' is not known\n", ver);
		return 2;
	}
	tree = iot_kquirk_tree(k->major, k->minor);
	lines = iot_xcalloc(iot_kquirk_table_n, sizeof(*lines));
	for (size_t i = 0; i < iot_kquirk_table_n; i++) {
		char line[160];

		if (!(iot_kquirk_table[i].trees & tree))
			continue;
		iot_kquirk_format(&iot_kquirk_table[i], line, sizeof(line));
		lines[n++] = iot_strdup(line);
	}
	qsort(lines, n, sizeof(*lines), cmp_str);
	iot_buf_init(&out);
	iot_diags_init(&d);
	for (size_t i = 0; i < n; i++)
		if (!i || strcmp(lines[i], lines[i - 1]))
			iot_buf_printf(&out, "%s\n", lines[i]);
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	rc = emit(a, &out, &d);
	iot_diags_fprint(stderr, &d);
	iot_diags_free(&d);
	iot_buf_free(&out);
	return rc;
}

static void man_escape(struct iot_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '-' || *s == '\\')
			iot_buf_addc(b, '\\');
		iot_buf_addc(b, *s);
	}
}

struct profile_out {
	struct iot_buf *b;
	bool man;
};

static void profile_line(const char *line, void *arg)
{
	struct profile_out *po = arg;

	if (po->man) {
		iot_buf_adds(po->b, ".br\n");
		man_escape(po->b, line);
		iot_buf_addc(po->b, '\n');
	} else {
		iot_buf_printf(po->b, "    %s\n", line);
	}
}

/* --list-profiles: the profile table, as text or as the man page's list */
static int list_profiles(const struct iot_args *a)
{
	const char *fmt = iot_arg(a, "format") ? iot_arg(a, "format") : "text";
	struct iot_diags d;
	struct iot_buf out;
	struct profile_out po = { .b = &out, .man = !strcmp(fmt, "man") };
	size_t n;
	const struct iot_kernel_profile *k = iot_kernel_profiles(&n);
	int rc;

	if (strcmp(fmt, "text") && strcmp(fmt, "man"))
		return iot_usage_error(a->cmd, "--list-profiles: --format must be text or man");
	iot_buf_init(&out);
	iot_diags_init(&d);
	for (size_t i = 0; i < n; i++) {
		if (po.man) {
			iot_buf_printf(&out, ".TP\n.B %s\n", k[i].version);
			man_escape(&out, k[i].build);
			iot_buf_adds(&out, "; config ");
			man_escape(&out, k[i].config);
			iot_buf_adds(&out, ".\n.br\n");
			man_escape(&out, k[i].commits);
			iot_buf_addc(&out, '\n');
		} else {
			iot_buf_printf(&out, "%s: %s; config %s\n    %s\n", k[i].version,
				       k[i].build, k[i].config, k[i].commits);
		}
		iot_kernel_profile_describe(&k[i], profile_line, &po);
	}
	rc = emit(a, &out, &d);
	iot_diags_fprint(stderr, &d);
	iot_diags_free(&d);
	iot_buf_free(&out);
	return rc;
}

static int run(const struct iot_args *a)
{
	const char *sysfs = iot_arg(a, "sysfs");
	struct iot_kconfig cfg;
	bool have_cfg = false;
	struct iot_topology t;
	struct iot_sim_opts o;
	struct iot_diags d;
	struct iot_buf out;
	int rc = 2;

	if (parse_opts(a, &o))
		return 2;
	if (iot_arg_count(a, "list-quirks"))
		return list_quirks(a, &o);
	if (iot_arg_count(a, "list-profiles"))
		return list_profiles(a);
	if (!a->n_pos && !sysfs)
		return iot_usage_error(a->cmd, "give an INPUT or --sysfs DIR");
	iot_topology_init(&t);
	iot_diags_init(&d);
	iot_buf_init(&out);
	if (iot_arg(a, "config")) {
		if (iot_kconfig_open(iot_arg(a, "config"), &cfg, &d) < 0)
			goto out;
		have_cfg = true;
		o.config = &cfg;
		if (cfg.has_arch && o.arch == IOT_ARCH_AUTO)
			o.arch = cfg.arch == IOT_KARCH_X86_64 ? IOT_ARCH_X86 : IOT_ARCH_ARM64;
	}
	for (int i = 0; i < a->n_pos; i++) {
		if (iot_load_input(a->pos[i], &t, NULL, &d) < 0)
			goto bad_input;
		from_tree(a, a->pos[i], &t);
	}
	if (sysfs && load_sysfs(a, sysfs, &t, &d) < 0)
		goto bad_input;
	if (iot_topology_validate(&t, &d))
		goto bad_input;
	if (have_cfg && !o.kernel && !t.kernel.version && cfg.version)
		o.kernel = cfg.version; /* the .config's own "# Linux/ARCH VERSION" */
	if (have_cfg)
		config_note(&cfg, &o, &d);
	{
		/* written in pieces as the report grows: a million devices make hundreds of MB */
		const char *path = iot_arg(a, "output");
		struct iot_write_stream *ws = iot_write_stream_open(path ? path : "-", &d);

		if (!ws)
			goto out;
		rc = report(a, &t, &o, &out, ws, &d);
		if (rc == 2) {
			iot_write_stream_abort(ws);
		} else {
			iot_write_stream_write(ws, out.data, out.len);
			if (iot_write_stream_commit(ws, &d) < 0)
				rc = 2;
		}
	}
	/* fail-soft readers: the prediction is made, and the firmware's errors still say 1 */
	if (rc == 0 && d.n_errors)
		rc = 1;
	goto out;
bad_input:
	/* firmware a reader refused for breaking a rule is 1; unusable input 2 */
	rc = iot_diags_exit_status(&d);
out:
	iot_diags_fprint(stderr, &d);
	iot_buf_free(&out);
	iot_topology_free(&t);
	iot_diags_free(&d);
	if (have_cfg)
		iot_kconfig_close(&cfg);
	return rc;
}

const struct iot_command iot_cmd_groups = {
	.name = "groups",
	.args_usage = "[INPUT...]",
	.summary = "predict IOMMU groups, default domains and isolation for a Linux kernel",
	.description =
		"Simulates Linux's IOMMU probe for the machine described by INPUT (a YAML\n"
		"topology, or DTB/IORT/VIOT firmware plus a PCI hierarchy) and prints, per\n"
		"device, its IOMMU, its IDs, its IOMMU group, the group's default domain and a\n"
		"verdict (translated, passthrough, unmanaged-*, no-iommu).  The kernel profile\n"
		"(--kernel) decides the probe model: bind-time before 6.15, two-phase from 6.15.\n"
		"With --sysfs DIR the PCI hierarchy, drivers and kernel come from a sysfs tree\n"
		"(`iotopo groups --sysfs /` on a live machine); prediction never reads\n"
		"sys/kernel/iommu_groups, --compare-sysfs does (exit status 1 when they differ,\n"
		"as for --against-kernel).\n"
		"Per group it says whether VFIO can hand it to a VM, and why not (no group,\n"
		"firmware identity mappings, the host's root filesystem, swap or boot display,\n"
		"drivers to unbind, vfio-pci's denylist); devices are named from pci.ids\n"
		"(--pci-ids), with their slot and host use when a sysfs tree shows them.",
	.options = groups_options,
	.min_pos = 0,
	.max_pos = -1,
	.run = run,
};
