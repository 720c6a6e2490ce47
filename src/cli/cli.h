/* SPDX-License-Identifier: MIT */
/*
 * The command table and the option parser.  Every subcommand declares its
 * options once, in a table; --help output, the option parser and the bash
 * completion script are all generated from that table.
 */
#ifndef IOTOPO_CLI_H
#define IOTOPO_CLI_H

#include <stdbool.h>
#include <stddef.h>

enum iot_opt_kind {
	IOT_OPT_FLAG, /* no argument */
	IOT_OPT_VALUE, /* one argument; the last one given wins */
	IOT_OPT_LIST, /* one argument; may be repeated, all are kept */
};

struct iot_option {
	const char *long_name;
	char short_name; /* 0 = none */
	enum iot_opt_kind kind;
	const char *arg_name; /* shown in help, e.g. "FILE" */
	const char *help;
	const char *choices; /* space-separated values for completion, or NULL */
	bool complete_files; /* complete the argument as a file name */
};

struct iot_args {
	const struct iot_command *cmd;
	/* one slot per option of the command, in table order */
	const char **values; /* IOT_OPT_VALUE: last value, IOT_OPT_LIST: unused */
	int *counts; /* times given */
	const char ***lists; /* IOT_OPT_LIST: all values */
	char **pos; /* positional arguments */
	int n_pos;
};

struct iot_command {
	const char *name;
	const char *args_usage; /* e.g. "TOPO.yaml" */
	const char *summary;
	const char *description; /* paragraph for --help */
	const struct iot_option *options; /* terminated by a zeroed entry */
	int min_pos;
	int max_pos; /* -1 = unlimited */
	int (*run)(const struct iot_args *a);
};

/* Value of the option named @long_name (NULL if not given). */
const char *iot_arg(const struct iot_args *a, const char *long_name);
/* How many times it was given. */
int iot_arg_count(const struct iot_args *a, const char *long_name);
/* All values of a list option; *@n set to their number. */
const char **iot_arg_list(const struct iot_args *a, const char *long_name, int *n);

extern const struct iot_command *const iot_commands[];

/* Print a usage error for @cmd to stderr and return 2. */
int iot_usage_error(const struct iot_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The bash completion script, generated from the tables. */
void iot_print_bash_completion(void);
/* The COMMANDS section of the man page, generated from the tables. */
void iot_print_man_commands(void);

#endif
