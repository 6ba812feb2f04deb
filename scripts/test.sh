#!/usr/bin/env bash
# The test command: installs what is missing, then builds and runs every test with CMake and
# with Meson, in an optimised build and under AddressSanitizer + UndefinedBehaviorSanitizer,
# warnings as errors (-Wall -Wextra -Wpedantic), then smoke-runs the benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/install-deps.sh

jobs=${JOBS:-$(nproc)}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# The same sources are compiled by CMake and by Meson with the same flags; ccache lets the second
# build system take the first one's objects, so a build costs its time once. The compile lines
# differ only where ccache cannot see it matter: -std=c++20 and -pthread (their effect is in the
# preprocessed source ccache hashes) and the -fdiagnostics-color Meson adds.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache "-DCMAKE_PROJECT_INCLUDE=$root/scripts/ccache-like-meson.cmake")
  export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
  export CCACHE_IGNOREOPTIONS="-std=c++20 -pthread -fdiagnostics-color=*"
  ccache --zero-stats >/dev/null
fi
# Flags in the order Meson writes them (its own first, then cpp_args), for the reason above.
release_flags=(-Werror -O3 -DNDEBUG -Wall -Wextra -Wpedantic)
# GCC 12 raises a false -Wmaybe-uninitialized inside Asio under ASan (an optional<account_list>
# it moves); it is silenced in the sanitizer builds only.
sanitize_flags=(-O1 -g1 -fno-sanitize-recover=all -Wno-maybe-uninitialized -Werror -Wall -Wextra
  -Wpedantic)
meson_array() { printf "[%s]" "$(printf "'%s'," "$@" | sed 's/,$//')"; }

SECONDS=0
step() { printf '\n==== [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }

step "CMake, optimised"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE= \
  -DCMAKE_CXX_FLAGS="-D_FILE_OFFSET_BITS=64 -Werror -O3 -DNDEBUG" "${launcher[@]}" >/dev/null
cmake --build build/release -j "$jobs"
ctest --test-dir build/release --output-on-failure

step "CMake, AddressSanitizer + UndefinedBehaviorSanitizer"
# The examples are left to the optimised builds: under the sanitizers, the tests take every
# path the examples use.
cmake -S . -B build/sanitize -G Ninja -DCMAKE_BUILD_TYPE= -DPOSTPRESS_BUILD_BENCHMARKS=OFF \
  -DPOSTPRESS_BUILD_EXAMPLES=OFF \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -D_FILE_OFFSET_BITS=64 ${sanitize_flags[*]:0:5}" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" "${launcher[@]}" >/dev/null
cmake --build build/sanitize -j "$jobs"
ctest --test-dir build/sanitize --output-on-failure

step "Fuzzing: the decoder and the HTTP response path, 60 s each (libFuzzer, clang 14)"
bash scripts/fuzz.sh 60

# Meson's warning_level and buildtype would write the same flags in another order; they are given
# as cpp_args instead, so that ccache sees the CMake build's compile lines.
step "Meson, optimised"
[ -d build/meson-release ] || meson setup build/meson-release --buildtype=plain -Dwarning_level=0 \
  -Dcpp_args="$(meson_array "${release_flags[@]}")" >/dev/null
meson compile -C build/meson-release -j "$jobs"
meson test -C build/meson-release --print-errorlogs

step "Meson, AddressSanitizer + UndefinedBehaviorSanitizer"
[ -d build/meson-sanitize ] || meson setup build/meson-sanitize --buildtype=plain -Dwarning_level=0 \
  -Db_sanitize=address,undefined -Db_lundef=false -Dexamples=false \
  -Dcpp_args="$(meson_array "${sanitize_flags[@]}")" >/dev/null
meson compile -C build/meson-sanitize -j "$jobs"
# The CMake run above soaked 10,000 pages under the sanitizers; this one checks the Meson build.
POSTPRESS_SOAK_PAGES=${POSTPRESS_SOAK_PAGES:-1000} meson test -C build/meson-sanitize --print-errorlogs
command -v ccache >/dev/null && ccache --show-stats | sed -n '1,6p'

step "Consumer projects: find_package, add_subdirectory, FetchContent, Meson, pkg-config, Conan test_package"
bash scripts/test-consumers.sh "$root/build/consumers"

step "Benchmarks, smoke run"
build/release/benchmarks/decode_benchmark --quick

step "all tests passed"
