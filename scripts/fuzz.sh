#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang++-14 (-fsanitize=fuzzer,address,undefined)
# and runs each for SECONDS (default 60), seeded with corpora generated at run time into the build
# directory. Prints the executions of each run (libFuzzer's stat::number_of_executed_units).
#
#   bash scripts/fuzz.sh [SECONDS]
#
# FUZZ_BUILD_DIR (default build/fuzz) holds the binaries, seeds, the growing corpora, logs, and
# the inputs of any crash (artifacts/). A crash, leak, hang or failed check exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${1:-60}
out=${FUZZ_BUILD_DIR:-$root/build/fuzz}
cxx=${FUZZ_CXX:-clang++-14}

install() {
  local sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq "$@"
}
command -v "$cxx" >/dev/null || install clang-14
# libFuzzer's runtime comes with compiler-rt.
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed" ||
  install libclang-rt-14-dev

mkdir -p "$out"/{seeds,corpus/decoder,corpus/http,artifacts}
common=(-std=c++20 -g -O1 -fno-omit-frame-pointer -I"$root/include" -I"$root/tests")
# clang 14 cannot emit -fsanitize=function checks for coroutine bodies ("Cannot represent a
# difference across sections"); the rest of UBSan stays on and fatal.
sanitize=(-fsanitize=fuzzer,address,undefined -fno-sanitize=function -fno-sanitize-recover=all)
libs=(-lboost_json -lboost_url -lssl -lcrypto -pthread)

build() { # name, source: rebuilt when the source or a header changed
  local name=$1 src=$2
  if [ -x "$out/$name" ] && [ -z "$(find "$root/include" "$root/tests/support" "$src" \
      -newer "$out/$name" -print -quit)" ]; then
    return
  fi
  echo "building $name"
  "$cxx" "${common[@]}" "${sanitize[@]}" "$src" -o "$out/$name.tmp" "${libs[@]}"
  mv "$out/$name.tmp" "$out/$name"
}

echo "==== fuzz: building with $cxx"
"$cxx" "${common[@]}" -O0 tests/fuzz/make_seeds.cpp -o "$out/make_seeds" -lboost_json
# The two targets build in parallel (the HTTP one, with Beast, takes most of the time).
build decoder_fuzz tests/fuzz/decoder_fuzz.cpp &
decoder_build=$!
build http_fuzz tests/fuzz/http_fuzz.cpp
wait "$decoder_build"

rm -rf "$out/seeds"
"$out/make_seeds" "$out/seeds"
cp tests/data/*.json "$out/seeds/decoder/"
for f in tests/data/*.json; do
  body=$(LC_ALL=C cat "$f")
  LC_ALL=C printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
    "$(printf %s "$body" | wc -c)" "$body" >"$out/seeds/http/$(basename "$f" .json).http"
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run() { # name, max_len
  local name=$1 max_len=$2
  local log="$out/$name.log"
  echo "==== fuzz: $name for ${seconds}s"
  if ! "$out/${name}_fuzz" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 \
      -rss_limit_mb=2048 -max_len="$max_len" -dict="tests/fuzz/$name.dict" \
      -artifact_prefix="$out/artifacts/$name-" \
      "$out/corpus/$name" "$out/seeds/$name" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz: $name FAILED; the input is in $out/artifacts/" >&2
    exit 1
  fi
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true
  echo "$name: ${execs:-?} executions in ${seconds}s (stat::number_of_executed_units)"
}
run decoder 65536
run http 65536
