#!/bin/sh
# `iotopo groups --format dot` is valid Graphviz for every example, the operator fixture and a
# generated 300-function machine (bench/gen-sysfs-tree.py), with a legend, one cluster per
# root-bus bridge holding its subtree, and groups in id order within each cluster.
# Needs dot (Debian's graphviz) and /usr/bin/python3; skipped (77) without them.
set -u
IOTOPO=$1
SRC=$2
command -v dot >/dev/null 2>&1 || { echo "skip: no dot (apt-get install graphviz)"; exit 77; }
[ -x /usr/bin/python3 ] || { echo "skip: no /usr/bin/python3"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$SRC/bench/gen-sysfs-tree.py" "$tmp/tree" 300 --iotopo "$IOTOPO" >/dev/null || exit 1
fail=0
n=0
for in in "$SRC"/examples/*.yaml "$SRC/tests/fixtures/ops-x86-intel-deep/7.2.13+deb14-amd64/final" \
	"$tmp/tree"; do
	n=$((n + 1))
	if ! IOTOPO_PCI_IDS=none "$IOTOPO" groups -f dot -o "$tmp/$n.dot" "$in" 2>"$tmp/err"; then
		echo "FAIL: iotopo groups -f dot $in"; cat "$tmp/err"; fail=1; continue
	fi
	if ! dot -Tsvg -o "$tmp/$n.svg" "$tmp/$n.dot" 2>"$tmp/err" || [ -s "$tmp/err" ]; then
		echo "FAIL: dot rejects the output for $in:"; cat "$tmp/err"; fail=1
	fi
	grep -q 'subgraph cluster_legend' "$tmp/$n.dot" || { echo "FAIL: no legend for $in"; fail=1; }
	# group ids increase within each cluster (a cluster's groups come before its sub-clusters)
	if ! awk 'BEGIN { last = -1 } /subgraph cluster_box/ { last = -1 } /subgraph cluster_group/ {
			id = $2; sub("cluster_group", "", id); id += 0
			if (id <= last) { print "out of order: group " id; bad = 1 }
			last = id } END { exit bad }' "$tmp/$n.dot"; then
		echo "FAIL: groups out of order in $in"; fail=1
	fi
done
# one cluster per PCI root and per root port with something below it
ops=$(ls "$SRC"/examples/*.yaml | wc -l)
ops=$((ops + 1))
boxes=$(grep -c 'subgraph cluster_box' "$tmp/$ops.dot")
[ "$boxes" = 3 ] || { echo "FAIL: $boxes clusters for the operator fixture (1 root, 2 root ports)"; fail=1; }
boxes=$(grep -c 'subgraph cluster_box' "$tmp/$n.dot")
[ "$boxes" = 2 ] || { echo "FAIL: $boxes clusters for the 300-function machine (1 root, 1 root port)"; fail=1; }
echo "$n inputs drawn by dot"
exit $fail
