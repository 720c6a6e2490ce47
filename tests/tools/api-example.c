// SPDX-License-Identifier: MIT
/*
 * An external program using libiotopo through its installed header only
 * (script/install-pkgconfig builds it with `pkg-config --cflags --libs iotopo`):
 *
 *   api-example INPUT OUTDIR
 *
 * loads INPUT (any input iotopo reads), writes OUTDIR/out.dtb and
 * OUTDIR/out-iort.aml when those outputs apply (saying why not otherwise), prints every lint finding as
 * iotopo prints it, then one line per device of the predicted IOMMU groups:
 * "NAME group N IOMMU VERDICT".  Exit 0, or 1 on an unexpected error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <iotopo/iotopo.h>

static int write_file(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "api-example: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Compile @output and write it as @name; an output that does not apply or
 * that the writer refuses is reported, not written.  Returns 0, or -1 on
 * an unexpected error.
 */
static int compile(const struct iot_topo *t, int output, const char *dir, const char *name)
{
	struct iot_findings *f;
	void *buf;
	size_t len;
	int rc = iot_compile(t, output, &buf, &len, &f);

	printf("%s: ", name);
	if (rc < 0) {
		printf("not written: %s\n", iot_strerror(rc));
		for (size_t i = 0; i < iot_findings_count(f); i++)
			printf("  %s\n", iot_findings_get(f, i)->text);
		iot_findings_free(f);
		return rc == -IOT_ERR_BADARG ? -1 : 0;
	}
	printf("%zu bytes\n", len);
	rc = write_file(dir, name, buf, len);
	free(buf);
	iot_findings_free(f);
	return rc;
}

int main(int argc, char **argv)
{
	struct iot_topo *t;
	struct iot_findings *f;
	struct iot_simulation *sim;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: api-example INPUT OUTDIR\n");
		return 2;
	}
	printf("libiotopo %s\n", iot_version());
	rc = iot_topo_load(argv[1], &t, &f);
	if (rc < 0) {
		printf("load: error %d (%s)\n", rc, iot_strerror(rc));
		for (size_t i = 0; i < iot_findings_count(f); i++)
			printf("  %s\n", iot_findings_get(f, i)->text);
		iot_findings_free(f);
		return 1;
	}
	iot_findings_free(f);
	printf("loaded: %ld IOMMUs, %ld MSI controllers, %ld PCI roots, %ld PCI functions, "
	       "%ld platform devices\n",
	       iot_topo_count(t, IOT_COUNT_IOMMUS), iot_topo_count(t, IOT_COUNT_MSI_CONTROLLERS),
	       iot_topo_count(t, IOT_COUNT_PCI_ROOTS), iot_topo_count(t, IOT_COUNT_PCI_FUNCTIONS),
	       iot_topo_count(t, IOT_COUNT_PLATFORM_DEVICES));
	if (compile(t, IOT_OUTPUT_DTB, argv[2], "out.dtb") < 0 ||
	    compile(t, IOT_OUTPUT_IORT, argv[2], "out-iort.aml") < 0) {
		iot_topo_free(t);
		return 1;
	}

	rc = iot_lint(t, &f);
	if (rc < 0)
		goto fail;
	printf("lint: %d errors, %zu warnings, %zu notes\n", rc,
	       iot_findings_count_severity(f, IOT_SEVERITY_WARNING),
	       iot_findings_count_severity(f, IOT_SEVERITY_NOTE));
	for (size_t i = 0; i < iot_findings_count(f); i++)
		printf("finding: %s\n", iot_findings_get(f, i)->text);
	iot_findings_free(f);

	rc = iot_simulate(t, NULL, &sim, &f);
	iot_findings_free(f);
	if (rc < 0)
		goto fail;
	printf("groups: %zu groups, %zu devices\n", iot_simulation_groups(sim),
	       iot_simulation_count(sim));
	for (size_t i = 0; i < iot_simulation_count(sim); i++) {
		const struct iot_sim_device *d = iot_simulation_device(sim, i);

		printf("device: %s group %d %s %s\n", d->name, d->group, d->iommu ? d->iommu : "-",
		       d->verdict);
	}
	iot_simulation_free(sim);
	iot_topo_free(t);
	return 0;
fail:
	printf("error %d (%s)\n", rc, iot_strerror(rc));
	iot_topo_free(t);
	return 1;
}
