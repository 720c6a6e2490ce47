/* SPDX-License-Identifier: MIT */
/*
 * A YAML document as one flat array of nodes in document order, built in
 * one pass over libyaml's events: one allocation for the nodes and one for
 * the scalar text, instead of a heap node (and a strdup) per event.  A
 * node's subtree is the nodes that follow it (size counts them), so the
 * next sibling is n + n->size and the first child is n + 1.  A node keeps
 * its position as one character index; line and column are worked out from
 * a table of line starts only when they are needed (24 bytes a node).
 *
 * Depth and size are bounded while parsing, aliases and tags are refused
 * before they can multiply work, and every scalar keeps the plain/quoted
 * distinction the format's typing needs.
 */
#ifndef IOTOPO_YNODE_H
#define IOTOPO_YNODE_H

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
	uint8_t kind; /* enum ynode_kind */
	bool plain; /* plain (unquoted) scalar */
	/* where the node starts: libyaml's mark, in characters (line:col by ydoc_pos) */
	uint32_t mark;
	union {
		uint32_t len; /* scalar: bytes of s (which may contain NULs) */
		uint32_t n; /* SEQ: items; MAP: keys and values (two per entry) */
	};
	uint32_t size; /* nodes in the subtree, this one included */
	const char *s; /* scalar text, NUL-terminated; "" for collections */
};

struct ydoc {
	struct ynode *v;
	size_t n, cap;
	char *text; /* every scalar, NUL-terminated, back to back */
	size_t tlen, tcap;
	uint32_t *lines; /* the character index each line starts at */
	size_t n_lines, cap_lines;
	size_t hint; /* the line of the last ydoc_pos() */
};

/* A node's line and column (1-based), as libyaml counts them. */
struct ypos {
	unsigned int line, col;
};
struct ypos ydoc_pos(const struct ydoc *doc, const struct ynode *n);

/*
 * Parse @data into @doc.  Returns the root node (of any kind) or NULL with
 * exactly one error in @d (syntax error, bad encoding, too deep, ...).
 * The nodes live until ydoc_free().
 */
const struct ynode *ydoc_parse(struct ydoc *doc, const char *file, const uint8_t *data, size_t len,
			       struct iot_diags *d);
void ydoc_free(struct ydoc *doc);

/*
 * Streaming: the top mapping read one value at a time, each section's list
 * one item at a time, into docs the caller resets between items, so a large
 * document never has all its nodes in memory.  Nothing is reported: any
 * function failing (a syntax error, a limit, the top not a mapping) means
 * the caller reads the document again with ydoc_parse(), which reports it.
 */
struct tparse;
struct ystream {
	struct tparse *tp;
	bool parser_open;
};

/* Check and open @data; @doc receives the line table (ydoc_pos) and may hold nodes. */
bool ystream_open(struct ystream *s, struct ydoc *doc, const char *file, const uint8_t *data,
		  size_t len);
void ystream_close(struct ystream *s);
/* The next top-level key into @doc: 1, 0 at the end of the document, -1 on trouble. */
int ystream_key(struct ystream *s, struct ydoc *doc, const struct ynode **key);
/* The value of the key just read, whole, into @doc (NULL on trouble). */
const struct ynode *ystream_value(struct ystream *s, struct ydoc *doc);
/* The value of the key just read is a list: false if it is not. */
bool ystream_seq_open(struct ystream *s);
/* The list's next item into @doc: 1, 0 at the list's end, -1 on trouble. */
int ystream_seq_item(struct ystream *s, struct ydoc *doc, const struct ynode **item);
/* Forget @doc's nodes (keeping its line table and its memory). */
void ydoc_reset(struct ydoc *doc);

/* The node after @n's subtree: its next sibling, or the end of its parent. */
static inline const struct ynode *ynext(const struct ynode *n)
{
	return n + n->size;
}

/* Iterate a sequence's items / a mapping's keys (the value is k + 1). */
#define YSEQ_FOR(it, seq) for (const struct ynode *it = (seq) + 1; it < ynext(seq); it = ynext(it))
#define YMAP_FOR(k, map) for (const struct ynode *k = (map) + 1; k < ynext(map); k = ynext(k + 1))

/* Item @i of sequence @seq (O(i)); NULL if there is none. */
const struct ynode *yseq_item(const struct ynode *seq, size_t i);

#endif
