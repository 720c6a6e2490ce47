// SPDX-License-Identifier: MIT
/*
 * iotopo: git-style subcommands.  This file owns argument parsing, help and
 * completion; each subcommand lives in its own file (cmd_*.c) and only wires
 * the library's readers to its writers.
 */
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "lint/rules.h"
#include "util/diag.h"
#include "util/mem.h"
#include "version.h"

static const struct iot_option help_option = {
	"help", 'h', IOT_OPT_FLAG, NULL, "show this help and exit", NULL, false,
};

static size_t count_options(const struct iot_command *cmd)
{
	size_t n = 0;

	while (cmd->options && cmd->options[n].long_name)
		n++;
	return n;
}

static int option_index(const struct iot_args *a, const char *long_name)
{
	size_t n = count_options(a->cmd);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(a->cmd->options[i].long_name, long_name))
			return (int)i;
	return -1;
}

const char *iot_arg(const struct iot_args *a, const char *long_name)
{
	int i = option_index(a, long_name);

	return i < 0 ? NULL : a->values[i];
}

int iot_arg_count(const struct iot_args *a, const char *long_name)
{
	int i = option_index(a, long_name);

	return i < 0 ? 0 : a->counts[i];
}

const char **iot_arg_list(const struct iot_args *a, const char *long_name, int *n)
{
	int i = option_index(a, long_name);

	*n = i < 0 ? 0 : a->counts[i];
	return i < 0 ? NULL : a->lists[i];
}

static void print_option(FILE *f, const struct iot_option *o)
{
	char left[64];
	int n;

	if (o->short_name)
		n = snprintf(left, sizeof(left), "  -%c, --%s", o->short_name, o->long_name);
	else
		n = snprintf(left, sizeof(left), "      --%s", o->long_name);
	if (o->kind != IOT_OPT_FLAG && n > 0 && (size_t)n < sizeof(left))
		snprintf(left + n, sizeof(left) - (size_t)n, " %s",
			 o->arg_name ? o->arg_name : "ARG");
	fprintf(f, "%-30s %s", left, o->help);
	if (o->choices)
		fprintf(f, " (%s)", o->choices);
	fputc('\n', f);
}

static void command_help(FILE *f, const struct iot_command *cmd)
{
	size_t n = count_options(cmd);

	fprintf(f, "usage: iotopo %s [OPTIONS] %s\n\n%s\n", cmd->name, cmd->args_usage,
		cmd->summary);
	if (cmd->description)
		fprintf(f, "\n%s\n", cmd->description);
	fprintf(f, "\noptions:\n");
	for (size_t i = 0; i < n; i++)
		print_option(f, &cmd->options[i]);
	print_option(f, &help_option);
}

static void main_help(FILE *f)
{
	fprintf(f, "usage: iotopo [--version] [--help] COMMAND [ARGS]\n\n"
		   "Compile, lint and simulate the I/O topology of Arm machines: IOMMUs, ITSs,\n"
		   "PCI roots and their ID maps, as Device Tree, ACPI IORT and VIOT.\n\n"
		   "commands:\n");
	for (size_t i = 0; iot_commands[i]; i++)
		fprintf(f, "  %-12s %s\n", iot_commands[i]->name, iot_commands[i]->summary);
	fprintf(f, "\n'iotopo COMMAND --help' describes a command; man iotopo(1) and\n"
		   "iotopo-topology(5) describe everything.\n");
}

int iot_usage_error(const struct iot_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "iotopo%s%s: error: ", cmd ? " " : "", cmd ? cmd->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'iotopo %s%s--help'.\n", cmd ? cmd->name : "", cmd ? " " : "");
	return 2;
}

static void free_args(struct iot_args *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(a->lists[i]);
	free(a->lists);
	free(a->values);
	free(a->counts);
}

static int run_command(const struct iot_command *cmd, int argc, char **argv)
{
	size_t n = count_options(cmd);
	struct option *longopts = iot_xcalloc(n + 2, sizeof(*longopts));
	char *shortopts = iot_xcalloc(3 * n + 4, 1);
	struct iot_args a = { .cmd = cmd };
	size_t sl = 0;
	int rc = 2, c;

	a.values = iot_xcalloc(n + 1, sizeof(*a.values));
	a.counts = iot_xcalloc(n + 1, sizeof(*a.counts));
	a.lists = iot_xcalloc(n + 1, sizeof(*a.lists));
	shortopts[sl++] = ':';
	for (size_t i = 0; i < n; i++) {
		const struct iot_option *o = &cmd->options[i];

		longopts[i].name = o->long_name;
		longopts[i].has_arg = o->kind == IOT_OPT_FLAG ? no_argument : required_argument;
		longopts[i].val = 256 + (int)i;
		if (o->short_name) {
			shortopts[sl++] = o->short_name;
			if (o->kind != IOT_OPT_FLAG)
				shortopts[sl++] = ':';
		}
	}
	longopts[n].name = "help";
	longopts[n].val = 'h';
	shortopts[sl++] = 'h';

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		size_t idx = n;

		if (c == 'h') {
			command_help(stdout, cmd);
			rc = 0;
			goto out;
		}
		if (c == '?') {
			if (optopt)
				rc = iot_usage_error(cmd, "unknown option '-%c'", optopt);
			else
				rc = iot_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
		if (c == ':') {
			rc = iot_usage_error(cmd, "option '%s' needs an argument",
					     argv[optind - 1]);
			goto out;
		}
		if (c >= 256)
			idx = (size_t)(c - 256);
		else
			for (size_t i = 0; i < n; i++)
				if (cmd->options[i].short_name == c)
					idx = i;
		if (idx >= n)
			continue;
		a.counts[idx]++;
		if (cmd->options[idx].kind == IOT_OPT_VALUE)
			a.values[idx] = optarg;
		if (cmd->options[idx].kind == IOT_OPT_LIST) {
			a.lists[idx] =
				iot_xrealloc(a.lists[idx], (size_t)a.counts[idx] * sizeof(char *));
			a.lists[idx][a.counts[idx] - 1] = optarg;
			a.values[idx] = optarg;
		}
	}
	a.pos = argv + optind;
	a.n_pos = argc - optind;
	if (a.n_pos < cmd->min_pos) {
		rc = iot_usage_error(cmd, "missing %s", cmd->args_usage);
		goto out;
	}
	if (cmd->max_pos >= 0 && a.n_pos > cmd->max_pos) {
		rc = iot_usage_error(cmd, "unexpected argument '%s'", a.pos[cmd->max_pos]);
		goto out;
	}
	{
		char *prefix = iot_asprintf("iotopo %s", cmd->name);

		iot_diag_set_program(prefix);
		rc = cmd->run(&a);
		iot_diag_set_program(NULL);
		free(prefix);
	}
out:
	free_args(&a, n + 1);
	free(longopts);
	free(shortopts);
	return rc;
}

/* The lint rules' names for completion, retired ones left out: "NAME..." or "no-NAME..." */
static void print_rule_names(const char *prefix)
{
	size_t n;
	const struct iot_rule *r = iot_lint_rules(&n);
	const char *sep = "";

	for (size_t i = 0; i < n; i++) {
		if (r[i].where == IOT_WHERE_RETIRED)
			continue;
		printf("%s%s%s", sep, prefix, r[i].name);
		sep = " ";
	}
}

void iot_print_bash_completion(void)
{
	printf("# bash completion for iotopo, generated by 'iotopo completion bash'\n"
	       "_iotopo_rules=\"");
	print_rule_names("");
	printf("\"\n_iotopo_no_rules=\"");
	print_rule_names("no-");
	printf("\"\n"
	       "_iotopo()\n{\n"
	       "\tlocal cur prev cmd\n"
	       "\tcur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
	       "\tprev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
	       "\tcmd=\"${COMP_WORDS[1]}\"\n"
	       "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	       "\t\tCOMPREPLY=($(compgen -W \"--help --version");
	for (size_t i = 0; iot_commands[i]; i++)
		printf(" %s", iot_commands[i]->name);
	printf("\" -- \"$cur\"))\n\t\treturn\n\tfi\n\tcase \"$cmd\" in\n");
	for (size_t i = 0; iot_commands[i]; i++) {
		const struct iot_command *cmd = iot_commands[i];
		size_t n = count_options(cmd);

		printf("\t%s)\n\t\tcase \"$prev\" in\n", cmd->name);
		for (size_t j = 0; j < n; j++) {
			const struct iot_option *o = &cmd->options[j];

			if (o->kind == IOT_OPT_FLAG)
				continue;
			printf("\t\t--%s", o->long_name);
			if (o->short_name)
				printf("|-%c", o->short_name);
			/* an argument named RULE is a lint rule's name (-W, -E: RULE or
			 * no-RULE); RULE@OBJECT completes the rule and leaves the object */
			if (o->arg_name && !strcmp(o->arg_name, "RULE"))
				printf(") COMPREPLY=($(compgen -W \"$_iotopo_rules "
				       "$_iotopo_no_rules\" -- \"$cur\")); return ;;\n");
			else if (o->arg_name && !strcmp(o->arg_name, "RULE@OBJECT"))
				printf(") [[ \"$cur\" == *@* ]] && return; compopt -o nospace 2>/dev/null; "
				       "COMPREPLY=($(compgen -S @ -W \"$_iotopo_rules\" -- "
				       "\"$cur\")); return ;;\n");
			else if (o->choices)
				printf(") COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); return ;;\n",
				       o->choices);
			else if (o->complete_files)
				printf(") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n");
			else
				printf(") return ;;\n");
		}
		printf("\t\tesac\n\t\tif [[ \"$cur\" == -* ]]; then\n"
		       "\t\t\tCOMPREPLY=($(compgen -W \"--help");
		for (size_t j = 0; j < n; j++)
			printf(" --%s", cmd->options[j].long_name);
		printf("\" -- \"$cur\"))\n\t\telse\n\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
		       "\t\tfi\n\t\t;;\n");
	}
	printf("\tesac\n}\ncomplete -o filenames -F _iotopo iotopo\n");
}

/* man(7) text with the escapes roff needs: '-' as \-, '\' as \e, a leading '.' guarded. */
static void man_text(const char *s)
{
	bool line_start = true;

	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", stdout);
		line_start = *s == '\n';
		if (*s == '-')
			fputs("\\-", stdout);
		else if (*s == '\\')
			fputs("\\e", stdout);
		else
			putchar(*s);
	}
}

/*
 * The COMMANDS section of iotopo(1), generated from the same tables as --help
 * and completion; scripts/gen-man.sh pastes it into man/iotopo.1 and a test
 * checks that the page and the tables agree.
 */
void iot_print_man_commands(void)
{
	printf(".\\\" Generated by 'iotopo completion man'; do not edit.\n");
	for (size_t i = 0; iot_commands[i]; i++) {
		const struct iot_command *cmd = iot_commands[i];
		size_t n = count_options(cmd);

		printf(".SS iotopo %s [OPTIONS] ", cmd->name);
		man_text(cmd->args_usage);
		printf("\n");
		man_text(cmd->summary);
		printf(".\n");
		if (cmd->description) {
			printf(".PP\n");
			man_text(cmd->description);
			printf("\n");
		}
		for (size_t j = 0; j < n; j++) {
			const struct iot_option *o = &cmd->options[j];

			printf(".TP\n");
			if (o->short_name)
				printf("\\fB\\-%c\\fR, ", o->short_name);
			printf("\\fB\\-\\-");
			man_text(o->long_name);
			printf("\\fR");
			if (o->kind != IOT_OPT_FLAG) {
				printf(" \\fI");
				man_text(o->arg_name ? o->arg_name : "ARG");
				printf("\\fR");
			}
			printf("\n");
			man_text(o->help);
			if (o->choices) {
				printf(" (");
				man_text(o->choices);
				printf(")");
			}
			if (o->kind == IOT_OPT_LIST)
				printf("; may be given more than once");
			printf(".\n");
		}
	}
}

/*
 * iotopo runs for milliseconds and then exits, so memory given back to the
 * kernel is only asked for again: glibc serves a block of 128 KiB or more
 * (the default, raised as such blocks are freed) with its own mmap and
 * unmaps it on free, and trims the heap top past 128 KiB, so the next large
 * block (the loader's arrays, the validation tree, a writer's buffer) is
 * mapped and faulted in anew, page by page.  Page faults and system calls
 * are what a virtual machine with shadow page tables charges most for
 * (5-10x a native fault): keeping freed memory in the heap for the next
 * block took `check -q` of the big board (bench/) from 1,968 to 1,863 page
 * faults and 55 to 48 ms of CPU there.  A block of 64 MiB or more is still
 * mapped on its own, so a huge input's largest arrays stay off the heap.
 */
static void tune_malloc(void)
{
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

int main(int argc, char **argv)
{
	tune_malloc();
	if (argc < 2) {
		main_help(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			for (size_t i = 0; iot_commands[i]; i++)
				if (!strcmp(iot_commands[i]->name, argv[2])) {
					command_help(stdout, iot_commands[i]);
					return 0;
				}
		}
		main_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("iotopo %s\n", IOTOPO_VERSION);
		return 0;
	}
	for (size_t i = 0; iot_commands[i]; i++)
		if (!strcmp(iot_commands[i]->name, argv[1]))
			return run_command(iot_commands[i], argc - 1, argv + 1);
	if (argv[1][0] == '-')
		return iot_usage_error(NULL, "unknown option '%s'", argv[1]);
	return iot_usage_error(NULL, "'%s' is not an iotopo command", argv[1]);
}
