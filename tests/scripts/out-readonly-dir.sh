#!/bin/sh
# Outputs into a directory the user may not write: a clear error, exit 2, and nothing created or
# changed (compile with several outputs, decode, lint, groups, snapshot).  Root writes anywhere,
# so as root the commands run as nobody (setpriv, util-linux).
set -u
iotopo=$1
src=$2
t=$(mktemp -d)
trap 'chmod -R u+w "$t"; rm -rf "$t"' EXIT
run=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || exit 77
	run="setpriv --reuid=65534 --regid=65534 --clear-groups --"
fi
mkdir "$t/ro"
echo old >"$t/ro/a.dts"
cp "$src/examples/qemu-virt-smmuv3.yaml" "$t/in.yaml"
chmod 755 "$t"
chmod 555 "$t/ro"
chmod 644 "$t/in.yaml" "$t/ro/a.dts"
fail=0
check() {
	what=$1
	rc=$2
	if [ "$rc" != 2 ]; then
		echo "$what: exit $rc, expected 2"
		fail=1
	fi
	if ! grep -q "Permission denied" "$t/err"; then
		echo "$what: no 'Permission denied' diagnostic:"
		cat "$t/err"
		fail=1
	fi
	if [ "$(ls -A "$t/ro")" != a.dts ] || [ "$(cat "$t/ro/a.dts")" != old ]; then
		echo "$what: the read-only directory changed:"
		ls -lA "$t/ro"
		fail=1
	fi
}
$run "$iotopo" compile "$t/in.yaml" --dts "$t/ro/a.dts" --dtb "$t/ro/a.dtb" 2>"$t/err"
check "compile --dts --dtb" $?
$run "$iotopo" compile "$t/in.yaml" -o "$t/ro" 2>"$t/err"
check "compile -o" $?
$run "$iotopo" decode "$t/in.yaml" -o "$t/ro/a.dts" 2>"$t/err"
check "decode -o" $?
$run "$iotopo" lint "$t/in.yaml" -o "$t/ro/a.dts" 2>"$t/err"
check "lint -o" $?
$run "$iotopo" groups "$t/in.yaml" -o "$t/ro/a.dts" 2>"$t/err"
check "groups -o" $?
$run "$iotopo" snapshot --root "$src/tests/fixtures/arm-g-smmuv3-dt/6.12.118+deb13-arm64/boot" -o "$t/ro/snap" 2>"$t/err"
check "snapshot -o" $?
exit $fail
