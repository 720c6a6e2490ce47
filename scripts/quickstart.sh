#!/bin/sh
# Quick start: install the dependencies, build, and run iotopo's main jobs on a bundled example
# (the QEMU virt machine with an SMMUv3 whose real-kernel groups are in tests/fixtures/).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
example=examples/qemu-virt-smmuv3.yaml
set -x
./build/iotopo check "$example"
./build/iotopo compile "$example" -o out/
./build/iotopo lint out/qemu-virt-smmuv3.dtb out/qemu-virt-smmuv3-iort.aml
./build/iotopo groups "$example" --kernel 7.2
