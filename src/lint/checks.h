/* SPDX-License-Identifier: MIT */
/*
 * The model rules' check functions (checks_*.c, equiv.c); rules.def names
 * each once.
 */
#ifndef IOTOPO_LINT_CHECKS_H
#define IOTOPO_LINT_CHECKS_H

#include "lint/rules.h"

/* One prototype per CHECK() row of rules.def. */
#define CHECK(id, name, sev, where, pre, fn, summary) void fn(struct iot_lint_run *run);
#define READ(id, name, sev, where, summary)
#include "lint/rules.def"
#undef CHECK
#undef READ

#endif
