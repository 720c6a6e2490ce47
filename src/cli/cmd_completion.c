// SPDX-License-Identifier: MIT
/* iotopo completion bash: print the completion script generated from the tables. */
#include <string.h>

#include "cli/cli.h"

static const struct iot_option completion_options[] = {
	{ 0 },
};

static int run(const struct iot_args *a)
{
	if (!strcmp(a->pos[0], "bash")) {
		iot_print_bash_completion();
		return 0;
	}
	if (!strcmp(a->pos[0], "man")) {
		iot_print_man_commands();
		return 0;
	}
	return iot_usage_error(a->cmd,
			       "'%s': give 'bash' (completion script) or 'man' (man page "
			       "COMMANDS section)",
			       a->pos[0]);
}

const struct iot_command iot_cmd_completion = {
	.name = "completion",
	.args_usage = "bash|man",
	.summary =
		"print the bash completion script or the man page's command list, from the option tables",
	.options = completion_options,
	.min_pos = 1,
	.max_pos = 1,
	.run = run,
};
