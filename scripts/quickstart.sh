#!/bin/sh
# Quick start: install the dependencies, build, and run iotopo on a bundled example.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
example=examples/qemu-virt-smmuv3.yaml
echo "== iotopo check $example"
./build/iotopo check "$example"
