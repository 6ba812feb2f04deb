#!/usr/bin/env bash
# The main job: installs what is missing, builds postpress-accounts, and lists the accounts of
# the bundled mock server (no key, no network). Extra arguments go to the tool, e.g.
#   bash scripts/demo.sh --summary      bash scripts/demo.sh --format jsonl --type LINKEDIN
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DPOSTPRESS_BUILD_TESTS=OFF \
  -DPOSTPRESS_BUILD_BENCHMARKS=OFF "${launcher[@]}" >/dev/null
cmake --build build/demo --target postpress-accounts >&2
exec build/demo/tools/postpress-accounts --demo "$@"
