// SPDX-License-Identifier: MIT
/* iotopo completion bash: print the completion script generated from the tables. */
#include <string.h>

#include "cli/cli.h"

static const struct iot_option completion_options[] = {
	{ 0 },
};

static int run(const struct iot_args *a)
{
	if (strcmp(a->pos[0], "bash"))
		return iot_usage_error(a->cmd, "only 'bash' completion is generated");
	iot_print_bash_completion();
	return 0;
}

const struct iot_command iot_cmd_completion = {
	.name = "completion",
	.args_usage = "bash",
	.summary = "print a shell completion script generated from the option tables",
	.options = completion_options,
	.min_pos = 1,
	.max_pos = 1,
	.run = run,
};
