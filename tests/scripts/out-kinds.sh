#!/bin/sh
# Every kind of output path, through the CLI (decode, lint, groups, compile, lint --list-rules):
#   FIFO, character device, /dev/stdout (to a file and to a pipe), a link to /proc/self/fd/1,
#   a link to a FIFO or a device: written in place, still the same kind afterwards;
#   a link to a regular file, a dangling link: the target is replaced atomically, the link stays;
#   a regular file: replaced atomically, mode kept; /dev/full: an error, exit 2, and no other
#   output of the same compile changed.
# Run as the current user and, when that is root, again as nobody (setpriv, util-linux): root
# may rename over anything, so that is where a wrong kind would replace /dev/null.
set -u
iotopo=$1
src=$2
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
chmod 755 "$top"
cp "$src/examples/qemu-virt-smmuv3.yaml" "$top/in.yaml"
chmod 644 "$top/in.yaml"
fail=0

bad() {
	echo "FAIL ($who): $*"
	fail=1
}

# kind PATH: what lstat says, in words
kind() {
	if [ -L "$1" ]; then
		echo link
	elif [ -p "$1" ]; then
		echo fifo
	elif [ -c "$1" ]; then
		echo chardev
	elif [ -f "$1" ]; then
		echo file
	elif [ -e "$1" ]; then
		echo other
	else
		echo none
	fi
}

# one pass: $run runs a command as the user under test, $t is a directory that user owns
pass() {
	in=$top/in.yaml
	for cmd in "decode $in -o" "lint $in --werror -o" "groups $in -o" "compile $in --dts" \
		"lint --list-rules -o"; do
		name=${cmd%% *}
		# FIFO: a reader gets the output, the FIFO stays
		rm -f "$t/fifo" "$t/got"
		$run mkfifo "$t/fifo"
		$run sh -c "cat '$t/fifo' >'$t/got'" &
		reader=$!
		# shellcheck disable=SC2086
		$run "$iotopo" $cmd "$t/fifo" 2>"$t/err" || bad "$name -o FIFO: exit $?: $(cat "$t/err")"
		if [ "$(kind "$t/fifo")" = fifo ]; then
			# release a reader still waiting, if any (O_RDWR never blocks)
			$run sh -c ": <>'$t/fifo'"
		else
			bad "$name -o FIFO: now a $(kind "$t/fifo")"
			pkill -P $reader 2>/dev/null
			kill $reader 2>/dev/null
		fi
		wait $reader
		[ "$name" = lint ] || [ -s "$t/got" ] || bad "$name -o FIFO: the reader got nothing"
		# character devices: the one given, and a link to it
		for dev in "$chardev" "$t/link-to-dev"; do
			# shellcheck disable=SC2086
			$run "$iotopo" $cmd "$dev" 2>"$t/err" || bad "$name -o $dev: exit $?: $(cat "$t/err")"
		done
		[ "$(kind "$chardev")" = chardev ] || bad "$name: $chardev is now a $(kind "$chardev")"
		[ "$(kind "$t/link-to-dev")" = link ] || bad "$name: the link to $chardev is now a $(kind "$t/link-to-dev")"
		# /dev/stdout to a file and to a pipe, and a link of our own to /proc/self/fd/1.
		# As root the machine's own /dev/stdout is never given (a regression would replace
		# it): root's pass uses the link of its own, which is the same kind of path.
		# shellcheck disable=SC2086
		$run "$iotopo" $cmd "$devstdout" >"$t/so" 2>"$t/err" || bad "$name -o $devstdout: exit $?"
		[ "$name" = lint ] || [ -s "$t/so" ] || bad "$name -o $devstdout: nothing on stdout"
		# shellcheck disable=SC2086
		n=$($run "$iotopo" $cmd "$devstdout" 2>"$t/err" | wc -c)
		[ "$name" = lint ] || [ "$n" -gt 0 ] || bad "$name -o $devstdout | ...: nothing in the pipe"
		# shellcheck disable=SC2086
		$run "$iotopo" $cmd "$t/stdout" >"$t/so2" 2>"$t/err" || bad "$name -o link-to-fd1: exit $?"
		cmp -s "$t/so" "$t/so2" || bad "$name -o link-to-fd1: differs from -o /dev/stdout"
		[ "$(kind "$t/stdout")" = link ] || bad "$name: link to /proc/self/fd/1 is now a $(kind "$t/stdout")"
		[ "$(kind /dev/stdout)" = link ] || bad "$name: /dev/stdout is now a $(kind /dev/stdout)"
		# a link to a regular file: the file is replaced, its mode kept, the link stays
		$run sh -c "echo old >'$t/real'; chmod 640 '$t/real'; ln -sf real '$t/link'"
		# shellcheck disable=SC2086
		$run "$iotopo" $cmd "$t/link" 2>"$t/err" || bad "$name -o link: exit $?: $(cat "$t/err")"
		[ "$(kind "$t/link")" = link ] || bad "$name -o link: the link is now a $(kind "$t/link")"
		[ "$(cat "$t/real")" != old ] || [ "$name" = lint ] || bad "$name -o link: target unchanged"
		[ "$(stat -c %a "$t/real")" = 640 ] || bad "$name -o link: mode now $(stat -c %a "$t/real")"
		# a dangling link: its target is created, the link stays
		$run sh -c "rm -f '$t/made'; ln -sf made '$t/dangling'"
		# shellcheck disable=SC2086
		$run "$iotopo" $cmd "$t/dangling" 2>"$t/err" || bad "$name -o dangling: exit $?: $(cat "$t/err")"
		[ "$(kind "$t/dangling")" = link ] || bad "$name -o dangling: now a $(kind "$t/dangling")"
		[ "$(kind "$t/made")" = file ] || bad "$name -o dangling: no target file"
		# a full device: an error, exit 2
		# shellcheck disable=SC2086
		$run "$iotopo" $cmd "$full" 2>"$t/err"
		rc=$?
		[ "$name" = lint ] && [ ! -s "$t/got" ] && [ $rc = 0 ] && rc=2 # nothing to write is fine
		[ $rc = 2 ] || bad "$name -o $full: exit $rc, expected 2"
		[ "$(kind "$full")" = chardev ] || bad "$name: $full is now a $(kind "$full")"
	done
	# compile: a failing in-place output (/dev/full) leaves the regular files untouched
	$run sh -c "echo old >'$t/a.dtb'"
	$run "$iotopo" compile "$in" --dtb "$t/a.dtb" --dts "$full" 2>"$t/err"
	rc=$?
	[ $rc = 2 ] || bad "compile --dts /dev/full: exit $rc, expected 2"
	[ "$(cat "$t/a.dtb")" = old ] || bad "compile --dts /dev/full: --dtb was written"
	grep -q "No space left on device" "$t/err" || bad "compile --dts /dev/full: $(cat "$t/err")"
	[ "$(ls -A "$t" | grep -c tmp)" = 0 ] || bad "temporary files left: $(ls -A "$t")"
}

setup() { # setup OWNER: a fresh $t, a character device and the links
	t=$top/$who
	mkdir "$t"
	chardev=/dev/null
	full=/dev/full
	devstdout=/dev/stdout
	if [ "$(id -u)" = 0 ] && [ "$who" = root ]; then
		# Root may rename over anything: it only ever gets device nodes and links of its own
		# (the same devices as /dev/null and /dev/full), so a regression cannot replace the
		# machine's /dev entries.  Without mknod the root pass is skipped.
		mknod "$t/null" c 1 3 && mknod "$t/full" c 1 7 || {
			echo "skip: cannot mknod as root"
			exit 77
		}
		chardev=$t/null
		full=$t/full
		devstdout=$t/stdout
	fi
	ln -s "$chardev" "$t/link-to-dev"
	ln -s /proc/self/fd/1 "$t/stdout"
	[ -n "$1" ] && chown -h -R "$1" "$t"
}

if [ "$(kind /dev/null)" != chardev ]; then
	echo "skip: /dev/null is a $(kind /dev/null) on this machine, not a character device"
	exit 77
fi
who=$(id -un)
run=
setup ""
pass
if [ "$(id -u)" = 0 ]; then
	# root may replace anything: /dev/null and /dev/stdout themselves must survive this pass
	[ "$(kind /dev/null)" = chardev ] || bad "/dev/null is now a $(kind /dev/null)"
	if command -v setpriv >/dev/null; then
		who=nobody
		run="setpriv --reuid=65534 --regid=65534 --clear-groups --"
		setup 65534:65534
		pass
	else
		echo "note: no setpriv: the unprivileged pass did not run"
	fi
fi
[ $fail = 0 ] && echo "every output kind kept its kind ($(id -un)$([ -n "$run" ] && echo ' and nobody'))"
exit $fail
