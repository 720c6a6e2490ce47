// SPDX-License-Identifier: MIT
/*
 * DTS input: compile it with dtc into a temporary blob and read that, so
 * the source is understood exactly as the firmware build would understand
 * it (includes, labels, /delete-node/ and all).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dt/dt.h"
#include "dt/dt_build.h"
#include "util/file.h"
#include "util/mem.h"

extern char **environ;

/* First line of dtc's error output, for the diagnostic. */
static char *first_line(const char *path)
{
	char line[512] = "";
	FILE *f = fopen(path, "r");

	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = 0;
		fclose(f);
	}
	line[strcspn(line, "\n")] = 0;
	return iot_strdup(line);
}

/*
 * -@ keeps the source's labels (as /__symbols__), which the reader uses for
 * names.  @annotate: instead of a blob, the tree as DTS with every node and
 * property annotated with its source position (-T -T), for the locations.
 */
static int run_dtc(const char *src, const char *out, bool annotate, const char *errf,
		   struct iot_diags *d, const struct iot_loc *loc)
{
	char *argv[] = { "dtc", "-q",	     "-@",	  "-I", "dts", "-O", "dtb",
			 "-o",	(char *)out, (char *)src, NULL, NULL,  NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, rc;

	if (annotate) {
		argv[6] = "dts";
		argv[10] = "-T";
		argv[11] = "-T";
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	rc = posix_spawnp(&pid, "dtc", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		iot_error(d, loc,
			  "reading DTS needs dtc (the Device Tree Compiler, Debian "
			  "package device-tree-compiler): %s",
			  strerror(rc));
		return -1;
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		char *msg;

		if (annotate)
			return -1; /* positions are a bonus; the blob was made */
		msg = first_line(errf);

		iot_error(d, loc, "dtc could not compile it%s%s", *msg ? ": " : "", msg);
		free(msg);
		return -1;
	}
	return 0;
}

int iot_dt_read_dts(const char *path, const uint8_t *data, size_t len, struct iot_topology *t,
		    struct iot_diags *d)
{
	struct iot_loc loc = iot_loc_text(path, 0, 0);
	char dir[] = "/tmp/iotopo-dts.XXXXXX";
	char *dtb, *errf, *ann, *src = NULL;
	uint8_t *blob = NULL, *text = NULL;
	size_t blen, tlen;
	struct iot_dts_positions pos = { 0 };
	struct iot_diags quiet;
	int rc = -1;

	if (!mkdtemp(dir)) {
		iot_error(d, &loc, "cannot make a temporary directory: %s", strerror(errno));
		return -1;
	}
	dtb = iot_asprintf("%s/in.dtb", dir);
	errf = iot_asprintf("%s/dtc.err", dir);
	ann = iot_asprintf("%s/annotated.dts", dir);
	if (!strcmp(path, "-")) {
		src = iot_asprintf("%s/stdin.dts", dir);
		if (iot_write_atomic(src, data, len, d) < 0)
			goto out;
	}
	if (run_dtc(src ? src : path, dtb, false, errf, d, &loc) < 0 ||
	    iot_read_file(dtb, &blob, &blen, d) < 0)
		goto out;
	iot_diags_init(&quiet);
	if (run_dtc(src ? src : path, ann, true, errf, &quiet, &loc) == 0 &&
	    iot_read_file(ann, &text, &tlen, &quiet) == 0) {
		char *s = iot_xmalloc(tlen + 1);

		memcpy(s, text, tlen);
		s[tlen] = 0;
		/* fdt_* want an aligned blob; iot_read_file's buffer is malloc'ed */
		iot_dts_positions_build(blob, s, src, strcmp(path, "-") ? path : "<stdin>", t,
					&pos);
		free(s);
	}
	iot_diags_free(&quiet);
	rc = dt_read_compiled_dts(blob, blen, path, &pos, t, d);
out:
	iot_dts_positions_free(&pos);
	free(blob);
	free(text);
	unlink(dtb);
	unlink(errf);
	unlink(ann);
	if (src)
		unlink(src);
	rmdir(dir);
	free(src);
	free(dtb);
	free(errf);
	free(ann);
	return rc;
}
