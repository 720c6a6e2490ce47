// SPDX-License-Identifier: MIT
#include "report/lint_report.h"

void iot_lint_write_text(struct iot_buf *b, const struct iot_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct iot_diag *dg = &d->v[i];
		const struct iot_loc *l = &dg->loc;

		if (l->file && l->has_offset)
			iot_buf_printf(b, "%s: offset 0x%llx: ", l->file,
				       (unsigned long long)l->offset);
		else if (l->file && l->line)
			iot_buf_printf(b, "%s:%u:%u: ", l->file, l->line, l->col);
		else if (l->file)
			iot_buf_printf(b, "%s: ", l->file);
		else
			iot_buf_adds(b, "iotopo lint: ");
		iot_buf_printf(b, "%s: %s", iot_severity_name(dg->sev), dg->msg);
		if (dg->rule)
			iot_buf_printf(b, " [%s]", dg->rule);
		iot_buf_addc(b, '\n');
	}
	if (d->dropped)
		iot_buf_printf(b, "iotopo lint: note: %zu more findings not shown\n", d->dropped);
}
