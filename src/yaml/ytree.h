/* SPDX-License-Identifier: MIT */
/*
 * A small YAML node tree built from libyaml's event stream.  We build our own
 * rather than use yaml_document_t so that depth and size are bounded while
 * parsing, aliases are refused before they can multiply work, and every node
 * keeps the plain/quoted distinction the format's typing needs.
 */
#ifndef IOTOPO_YTREE_H
#define IOTOPO_YTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

enum ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
};

struct ynode {
	enum ynode_kind kind;
	char *s; /* scalar text, NUL-terminated (may contain NULs) */
	size_t len;
	bool plain; /* plain (unquoted) scalar */
	unsigned int line, col; /* 1-based */
	struct ynode **kids; /* SEQ: items; MAP: key, value, key, value, ... */
	size_t n;
	size_t cap;
};

/*
 * Parse @data into a tree.  Returns the root (a node of any kind) or NULL
 * with exactly one error in @d (syntax error, bad encoding, too deep, ...).
 */
struct ynode *ytree_parse(const char *file, const uint8_t *data, size_t len, struct iot_diags *d);
void ytree_free(struct ynode *n);

#endif
