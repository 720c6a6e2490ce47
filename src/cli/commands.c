// SPDX-License-Identifier: MIT
/* The command table: one line per subcommand, each defined in its own cmd_*.c. */
#include <stddef.h>

#include "cli/cli.h"

extern const struct iot_command iot_cmd_check;
extern const struct iot_command iot_cmd_compile;
extern const struct iot_command iot_cmd_completion;
extern const struct iot_command iot_cmd_decode;
extern const struct iot_command iot_cmd_groups;
extern const struct iot_command iot_cmd_lint;
extern const struct iot_command iot_cmd_snapshot;

const struct iot_command *const iot_commands[] = {
	&iot_cmd_check, &iot_cmd_compile,  &iot_cmd_decode,	&iot_cmd_groups,
	&iot_cmd_lint,	&iot_cmd_snapshot, &iot_cmd_completion, NULL,
};
