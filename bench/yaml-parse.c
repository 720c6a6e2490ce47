// SPDX-License-Identifier: MIT
/*
 * yaml-parse FILE: libyaml's bare event parse of FILE, the floor for
 * `iotopo check -q` (bench/run-all.sh): read the file, parse every event the
 * way iotopo's loader asks libyaml to (UTF-8 input from a buffer), delete
 * each, print how many there were.  Nothing is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t ev;
	unsigned char *buf;
	long n, events = 0;
	FILE *f;

	if (argc != 2 || !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "usage: yaml-parse FILE\n");
		return 2;
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		return 2;
	fclose(f);
	if (!yaml_parser_initialize(&p))
		return 2;
	yaml_parser_set_input_string(&p, buf, (size_t)n);
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	for (;;) {
		int type;

		if (!yaml_parser_parse(&p, &ev)) {
			fprintf(stderr, "yaml-parse: %s\n", p.problem ? p.problem : "error");
			return 1;
		}
		type = ev.type;
		yaml_event_delete(&ev);
		events++;
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	free(buf);
	printf("%ld events\n", events);
	return 0;
}
