// SPDX-License-Identifier: MIT
/*
 * DT <-> ACPI equivalence: the same machine described twice must send every
 * PCI requester ID to the same IOMMU with the same stream ID, and to the same
 * ITS with the same DeviceID.  Each side is resolved with its own kernel
 * rules (of_map_id for the DT, iort_node_map_id / viot for ACPI).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/checks.h"
#include "util/ssort.h"
#include "lint/xlat.h"
#include "util/mem.h"

#define MAX_PER_ROOT 16

static const char *nm(const char *s)
{
	return s ? s : "(unnamed)";
}

/* The ACPI IOMMU that is DT IOMMU @u: same kind and base (or PCI function). */
static int match_iommu(const struct iot_topology *dt, const struct iot_topology *acpi, size_t u)
{
	const struct iot_iommu *a = &dt->iommus[u];

	for (size_t i = 0; i < acpi->n_iommus; i++) {
		const struct iot_iommu *b = &acpi->iommus[i];

		if (iot_iommu_family(a->model) != iot_iommu_family(b->model))
			continue;
		if (a->model == IOT_IOMMU_VIRTIO_PCI && b->model == IOT_IOMMU_VIRTIO_PCI) {
			if (a->pci_segment == b->pci_segment && a->pci_bdf == b->pci_bdf)
				return (int)i;
		} else if (a->base == b->base) {
			return (int)i;
		}
	}
	return IOT_NONE;
}

/*
 * IORT ITS groups carry no base (that is in MADT): match by base when known,
 * else by order among the ITSes (a DT also lists its GIC, GICv2m frames and
 * other MSI controllers, which have no IORT node).
 */
static int match_msi(const struct iot_topology *dt, const struct iot_topology *acpi, size_t m)
{
	size_t nth = 0, k = 0;

	if (dt->n_msis == 1 && acpi->n_msis == 1)
		return 0;
	for (size_t i = 0; i < acpi->n_msis; i++)
		if (acpi->msis[i].base && acpi->msis[i].base == dt->msis[m].base)
			return (int)i;
	if (dt->msis[m].type != IOT_MSI_GICV3_ITS)
		return m < acpi->n_msis && acpi->msis[m].type == dt->msis[m].type ? (int)m :
										    IOT_NONE;
	for (size_t i = 0; i < m; i++)
		nth += dt->msis[i].type == IOT_MSI_GICV3_ITS;
	for (size_t i = 0; i < acpi->n_msis; i++)
		if (acpi->msis[i].type == IOT_MSI_GICV3_ITS && k++ == nth)
			return (int)i;
	return IOT_NONE;
}

struct side {
	int iommu; /* in its own topology's numbering */
	int key; /* the IOMMU in the ACPI topology's numbering, for comparing */
	uint32_t sid;
	int msi;
	uint32_t devid;
};

struct diff_run {
	uint32_t rid_first, rid_last;
	struct side d, a; /* at rid_first */
	bool open;
};

static void side_str(const struct iot_topology *t, const struct side *s, uint32_t span, char *buf,
		     size_t n)
{
	int k = 0;

	if (s->iommu == IOT_NONE)
		k = snprintf(buf, n, "no IOMMU");
	else if (span)
		k = snprintf(buf, n, "%s IDs 0x%x-0x%x", nm(t->iommus[s->iommu].name), s->sid,
			     s->sid + span);
	else
		k = snprintf(buf, n, "%s ID 0x%x", nm(t->iommus[s->iommu].name), s->sid);
	if (k < 0 || (size_t)k >= n)
		return;
	if (s->msi == IOT_NONE)
		snprintf(buf + k, n - (size_t)k, ", no ITS DeviceID");
	else if (span)
		snprintf(buf + k, n - (size_t)k, ", DeviceIDs 0x%x-0x%x", s->devid,
			 s->devid + span);
	else
		snprintf(buf + k, n - (size_t)k, ", DeviceID 0x%x", s->devid);
}

static void flush(struct iot_lint_run *run, const struct iot_pci_root *r, struct diff_run *dr,
		  size_t *count)
{
	char what[64], ds[128], as[128];
	uint32_t span = dr->rid_last - dr->rid_first;

	if (!dr->open)
		return;
	dr->open = false;
	if (++*count > MAX_PER_ROOT)
		return;
	iot_fmt_range(what, sizeof(what), "RID", dr->rid_first, dr->rid_last);
	side_str(run->t, &dr->d, span, ds, sizeof(ds));
	side_str(run->t2, &dr->a, span, as, sizeof(as));
	iot_lint_report(run, &r->loc, "segment %u %s: the DT gives %s; ACPI gives %s", r->segment,
			what, ds, as);
}

static bool same(const struct side *x, const struct side *y)
{
	return x->key == y->key && (x->key == IOT_NONE || x->sid == y->sid) && x->msi == y->msi &&
	       (x->msi == IOT_NONE || x->devid == y->devid);
}

/* Does RID @rid continue run @dr (same targets, IDs advancing together)? */
static bool continues(const struct diff_run *dr, uint32_t rid, const struct side *d,
		      const struct side *a)
{
	uint32_t k = rid - dr->rid_first;

	return dr->open && rid == dr->rid_last + 1 && d->iommu == dr->d.iommu &&
	       a->iommu == dr->a.iommu && d->msi == dr->d.msi && a->msi == dr->a.msi &&
	       (d->iommu == IOT_NONE || d->sid == dr->d.sid + k) &&
	       (a->iommu == IOT_NONE || a->sid == dr->a.sid + k) &&
	       (d->msi == IOT_NONE || d->devid == dr->d.devid + k) &&
	       (a->msi == IOT_NONE || a->devid == dr->a.devid + k);
}

static void to_side(const struct iot_rid_xlat *x, const int *imap, const int *mmap, struct side *s)
{
	s->iommu = x->iommu;
	s->key = x->iommu == IOT_NONE ? IOT_NONE : imap ? imap[x->iommu] : x->iommu;
	if (s->iommu != IOT_NONE && s->key == IOT_NONE)
		s->key = -2; /* an IOMMU with no ACPI counterpart never equals one */
	s->sid = x->sid;
	s->msi = x->msi == IOT_NONE ? IOT_NONE : mmap ? mmap[x->msi] : x->msi;
	s->devid = x->devid;
	if (s->iommu == IOT_NONE)
		s->sid = 0;
}

static void compare_root(struct iot_lint_run *run, const struct iot_pci_root *rd,
			 const struct iot_pci_root *ra, const int *imap, const int *mmap)
{
	struct iot_root_xlat xd, xa;
	struct diff_run dr = { 0 };
	size_t count = 0;

	iot_root_xlat_init(&xd, run->t, rd, IOT_FW_DT);
	iot_root_xlat_init(&xa, run->t2, ra, IOT_FW_ACPI);
	for (uint64_t rid = iot_root_rid_first(rd); rid <= iot_root_rid_last(rd);) {
		struct iot_rid_xlat od, oa;
		struct side d, a;
		uint64_t next, na;

		iot_root_xlat(&xd, (uint32_t)rid, &od);
		iot_root_xlat(&xa, (uint32_t)rid, &oa);
		/* of_iommu.c:of_iommu_xlate: a disabled IOMMU node gives no translation */
		if (od.iommu != IOT_NONE && run->t->iommus[od.iommu].status == IOT_STATUS_DISABLED)
			od.iommu = IOT_NONE;
		next = iot_root_xlat_next(&xd, (uint32_t)rid, &od);
		na = iot_root_xlat_next(&xa, (uint32_t)rid, &oa);
		next = na < next ? na : next;
		if (next > (uint64_t)iot_root_rid_last(rd) + 1)
			next = (uint64_t)iot_root_rid_last(rd) + 1;
		to_side(&od, imap, mmap, &d);
		to_side(&oa, NULL, NULL, &a);
		if (same(&d, &a)) {
			flush(run, rd, &dr, &count);
		} else if (continues(&dr, (uint32_t)rid, &d, &a)) {
			dr.rid_last = (uint32_t)(next - 1);
		} else {
			flush(run, rd, &dr, &count);
			dr = (struct diff_run){ (uint32_t)rid, (uint32_t)(next - 1), d, a, true };
		}
		rid = next;
	}
	flush(run, rd, &dr, &count);
	if (count > MAX_PER_ROOT)
		iot_lint_report(run, &rd->loc, "segment %u: %zu more differing RID ranges",
				rd->segment, count - MAX_PER_ROOT);
	iot_root_xlat_free(&xd);
	iot_root_xlat_free(&xa);
}

/*
 * Platform devices: a DT node and an IORT named component share no name, so
 * match them by what they resolve to (IOMMU and sorted stream IDs).
 */
struct dev_sig {
	int iommu; /* ACPI numbering; -2 = an IOMMU with no counterpart */
	uint32_t *ids;
	size_t n;
	size_t dev;
	bool acpi;
	bool matched;
};

static inline bool u32_before(const uint32_t *x, const uint32_t *y)
{
	return *x < *y;
}
IOT_SSORT_DEFINE(sort_u32, uint32_t, u32_before)

static int cmp_sig(const struct dev_sig *x, const struct dev_sig *y)
{
	if (x->iommu != y->iommu)
		return x->iommu < y->iommu ? -1 : 1;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (size_t i = 0; i < x->n; i++)
		if (x->ids[i] != y->ids[i])
			return x->ids[i] < y->ids[i] ? -1 : 1;
	return x->acpi - y->acpi;
}

static inline bool sig_before(const struct dev_sig *x, const struct dev_sig *y)
{
	return cmp_sig(x, y) < 0;
}
IOT_SSORT_DEFINE(sort_sigs, struct dev_sig, sig_before)

static bool same_sig(const struct dev_sig *x, const struct dev_sig *y)
{
	struct dev_sig a = *x, b = *y;

	a.acpi = b.acpi = false;
	return !cmp_sig(&a, &b);
}

/* Stream IDs of the devices add_sigs() takes: the size of its ID pool. */
static size_t count_sig_ids(const struct iot_topology *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_platdevs; i++)
		if (t->platdevs[i].n_iommus && t->platdevs[i].status != IOT_STATUS_DISABLED)
			n += t->platdevs[i].iommus[0].n_ids;
	return n;
}

/* One signature per device of @t into *@v (room made by the caller), IDs from *@pool. */
static void add_sigs(const struct iot_topology *t, const int *imap, bool acpi, struct dev_sig *v,
		     size_t *n, uint32_t **pool)
{
	for (size_t i = 0; i < t->n_platdevs; i++) {
		const struct iot_platdev *p = &t->platdevs[i];
		struct dev_sig *g;
		size_t k = 0;

		if (!p->n_iommus || p->status == IOT_STATUS_DISABLED)
			continue;
		g = &v[(*n)++];
		g->iommu = imap ? imap[p->iommus[0].iommu] : p->iommus[0].iommu;
		if (g->iommu == IOT_NONE)
			g->iommu = -2;
		g->n = p->iommus[0].n_ids;
		g->ids = *pool;
		*pool += g->n;
		for (; k < g->n; k++)
			g->ids[k] = p->iommus[0].ids[k].id;
		sort_u32(g->ids, g->n);
		g->dev = i;
		g->acpi = acpi;
		g->matched = false;
	}
}

static void compare_platdevs(struct iot_lint_run *run, const int *imap)
{
	struct dev_sig *v;
	uint32_t *ids, *pool;
	size_t n = 0, shown = 0;

	v = iot_xcalloc(run->t->n_platdevs + run->t2->n_platdevs + 1, sizeof(*v));
	ids = iot_xcalloc(count_sig_ids(run->t) + count_sig_ids(run->t2) + 1, sizeof(*ids));
	pool = ids;
	add_sigs(run->t, imap, false, v, &n, &pool);
	add_sigs(run->t2, NULL, true, v, &n, &pool);
	sort_sigs(v, n);
	/* after sorting, equal signatures are adjacent, DT ones first: pair them off */
	for (size_t i = 0; i < n;) {
		size_t j = i, d = 0, k;

		while (j < n && same_sig(&v[i], &v[j]))
			d += !v[j++].acpi;
		for (k = 0; k < d && i + d + k < j; k++)
			v[i + k].matched = v[i + d + k].matched = true;
		i = j;
	}
	for (size_t i = 0; i < n; i++) {
		const struct iot_topology *t = v[i].acpi ? run->t2 : run->t;
		const struct iot_platdev *p = &t->platdevs[v[i].dev];

		if (v[i].matched || ++shown > MAX_PER_ROOT)
			continue;
		iot_lint_report(run, &p->loc,
				"%s device %s (%s, %zu ID%s from 0x%x) has no device "
				"behind the same IOMMU with the same IDs in the %s",
				v[i].acpi ? "ACPI" : "DT", nm(p->name),
				nm(t->iommus[p->iommus[0].iommu].name), v[i].n,
				v[i].n == 1 ? "" : "s", v[i].n ? v[i].ids[0] : 0,
				v[i].acpi ? "DT" : "ACPI tables");
	}
	if (shown > MAX_PER_ROOT)
		iot_lint_report(run, NULL, "%zu more unmatched devices", shown - MAX_PER_ROOT);
	free(ids);
	free(v);
}

void iot_check_dt_acpi_equivalence(struct iot_lint_run *run)
{
	const struct iot_topology *dt = run->t, *acpi = run->t2;
	int *imap = iot_xcalloc(dt->n_iommus + 1, sizeof(*imap));
	int *mmap = iot_xcalloc(dt->n_msis + 1, sizeof(*mmap));

	for (size_t i = 0; i < dt->n_iommus; i++) {
		imap[i] = match_iommu(dt, acpi, i);
		if (imap[i] == IOT_NONE && dt->iommus[i].status != IOT_STATUS_DISABLED)
			iot_lint_report(run, &dt->iommus[i].loc,
					"IOMMU %s (%s at 0x%llx) has no "
					"counterpart in the ACPI tables",
					nm(dt->iommus[i].name),
					iot_iommu_model_name(dt->iommus[i].model),
					(unsigned long long)dt->iommus[i].base);
	}
	for (size_t i = 0; i < dt->n_msis; i++)
		mmap[i] = match_msi(dt, acpi, i);
	for (size_t i = 0; i < dt->n_roots; i++) {
		const struct iot_pci_root *rd = &dt->roots[i];
		const struct iot_pci_root *ra = NULL;

		/*
		 * A disabled host bridge is never probed (of_device_is_available), and
		 * an fsl-mc bus has ICIDs, not PCI RIDs: neither has RIDs to compare.
		 */
		if (rd->status == IOT_STATUS_DISABLED || rd->dt_fsl_mc)
			continue;
		/* iort.c:iort_match_node_callback: the first RC node of the segment */
		for (size_t k = 0; k < acpi->n_roots && !ra; k++)
			if (acpi->roots[k].segment == rd->segment)
				ra = &acpi->roots[k];
		if (!ra) {
			iot_lint_report(run, &rd->loc,
					"root %s (segment %u) has no root complex in the "
					"ACPI tables",
					nm(rd->name), rd->segment);
			continue;
		}
		if (rd->bus_start <= rd->bus_end)
			compare_root(run, rd, ra, imap, mmap);
	}
	compare_platdevs(run, imap);
	free(imap);
	free(mmap);
}
