#!/bin/sh
# The sysfs reader reads config files in batches through io_uring (src/sysfs/batch.c) or with
# plain system calls; both must give the same bytes on stdout and stderr and the same exit
# status.  `iotopo groups --sysfs` on every fixture tree and on a generated tree (18 buses of
# 256 functions: batches of 64 cross, two reader threads, damaged config files: a directory, a
# FIFO, a symlink loop, too long, too short, missing, a function outside its bus's directory)
# runs as built, with io_uring refused at setup (IOTOPO_NO_IO_URING=1) and with direct opens
# failing part-way (IOTOPO_IO_URING_EINVAL_AFTER=N, what a kernel before 5.15 answers).
# Needs a build with -DIOTOPO_TEST_HOOKS=ON (skipped, 77, without) and python3.
# Args: iotopo-binary src-dir build-dir.
set -u
iotopo=$1
src=$2
grep -q IOTOPO_NO_IO_URING "$iotopo" || { echo "built without test hooks or without liburing: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
# tmpfs, where there is one, writes the 4,608 functions' files several times faster
t=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
n=0
IOTOPO_PCI_IDS=none
export IOTOPO_PCI_IDS

# run NAME TREE [VAR=VALUE]: the output of `groups --sysfs TREE` in $t/NAME
run() {
	name=$1
	tree=$2
	shift 2
	env "$@" "$iotopo" groups --sysfs "$tree" >"$t/$name.out" 2>"$t/$name.err"
	echo "exit $?" >>"$t/$name.err"
}
# same TREE REF NAME: NAME's output must be REF's
same() {
	if ! cmp -s "$t/$2.out" "$t/$3.out" || ! cmp -s "$t/$2.err" "$t/$3.err"; then
		echo "FAIL: $1: $3 differs from $2"
		diff "$t/$2.out" "$t/$3.out" | head -10
		diff "$t/$2.err" "$t/$3.err" | head -10
		fail=1
	fi
}

for d in $(find "$src/tests/fixtures" -type d -path '*/sys/bus/pci/devices' | sort); do
	tree=${d%/sys/bus/pci/devices}
	run uring "$tree" &
	run plain "$tree" IOTOPO_NO_IO_URING=1
	wait
	same "$tree" plain uring
	n=$((n + 1))
done

# 18 root buses (a host bridge each) of 256 functions, then bus 03 damaged
compare() {
	run uring "$t/gen" &
	run plain "$t/gen" IOTOPO_NO_IO_URING=1 &
	for k in 0 63 64 3000; do
		run "einval$k" "$t/gen" IOTOPO_IO_URING_EINVAL_AFTER=$k &
	done
	wait
	same "$1" plain uring
	for k in 0 63 64 3000; do
		same "$1" plain "einval$k"
	done
}
python3 "$src/tests/scripts/sysfs-gen-buses.py" make "$t/gen" || exit 1
compare generated
[ "$(grep -c ' pci-endpoint ' "$t/plain.out")" = 4608 ] || { echo "FAIL: not 4,608 endpoints"; fail=1; }
python3 "$src/tests/scripts/sysfs-gen-buses.py" damage "$t/gen" || exit 1
compare damaged
grep -q 'Is a directory' "$t/plain.err" && grep -q 'symbolic links' "$t/plain.err" &&
	grep -q 'larger than' "$t/plain.err" || { echo "FAIL: the damage is not reported"; fail=1; }

# built with liburing, where the kernel allows io_uring, the batches are used
if command -v strace >/dev/null 2>&1 &&
	{ strace -f -qq -e trace=io_uring_setup,io_uring_enter -o "$t/strace" \
		"$iotopo" groups --sysfs "$t/gen" >/dev/null 2>&1 || :; } &&
	grep -q 'io_uring_setup(.* = [0-9]' "$t/strace"; then
	calls=$(grep -c 'io_uring_enter(' "$t/strace")
	if [ "$calls" -lt 18 ]; then
		echo "FAIL: $calls io_uring_enter calls reading 4,608 functions"
		fail=1
	fi
	echo "io_uring: $calls io_uring_enter calls for 4,608 functions"
else
	echo "io_uring not used here (built without liburing, refused by the kernel, or no strace)"
fi
[ $fail = 0 ] && echo "$n fixture trees and a generated one: the same with and without io_uring"
exit $fail
