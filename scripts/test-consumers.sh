#!/usr/bin/env bash
# Builds and runs a small consumer of each kind against this source tree: find_package on the
# `cmake --install` prefix, add_subdirectory, FetchContent, a Meson subproject, pkg-config with a
# plain Makefile, and the Conan test_package's CMake project (Conan itself is not installable
# here, so the test_package builds against the same install prefix).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
work=${1:-$src/build/consumers}
rm -rf "$work" && mkdir -p "$work"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
run() { printf -- '-- consumer %s: ' "$1"; shift; "$@"; }

cmake -S "$src" -B "$work/postpress" -G Ninja -DPOSTPRESS_BUILD_TESTS=OFF \
  -DPOSTPRESS_BUILD_BENCHMARKS=OFF -DPOSTPRESS_BUILD_TOOLS=OFF \
  -DCMAKE_INSTALL_PREFIX="$work/prefix" >/dev/null
cmake --install "$work/postpress" >/dev/null

build_cmake() { # name source-dir extra-args...
  local name=$1 dir=$2; shift 2
  cmake -S "$dir" -B "$work/$name" -G Ninja "${launcher[@]}" "$@" >/dev/null
  cmake --build "$work/$name" >/dev/null
}

build_cmake find_package tests/consumers/find_package -DCMAKE_PREFIX_PATH="$work/prefix"
run find_package "$work/find_package/consumer"

build_cmake add_subdirectory tests/consumers/add_subdirectory -DPOSTPRESS_SOURCE_DIR="$src"
run add_subdirectory "$work/add_subdirectory/consumer"

build_cmake fetch_content tests/consumers/fetch_content -DPOSTPRESS_SOURCE_DIR="$src"
run fetch_content "$work/fetch_content/consumer"

build_cmake conan_test_package test_package -DCMAKE_PREFIX_PATH="$work/prefix"
run conan_test_package "$work/conan_test_package/test_package"

mkdir -p "$work/meson_subproject/subprojects"
cp tests/consumers/meson_subproject/meson.build "$work/meson_subproject/"
mkdir -p "$work/common" && cp tests/consumers/common/consumer.cpp "$work/common/"
ln -s "$src" "$work/meson_subproject/subprojects/postpress"
meson setup "$work/meson_subproject/build" "$work/meson_subproject" -Dpostpress:tests=false >/dev/null
meson compile -C "$work/meson_subproject/build" >/dev/null
run meson_subproject "$work/meson_subproject/build/consumer"

cp -r tests/consumers/pkg_config "$work/pkg_config"
PKG_CONFIG_PATH="$work/prefix/share/pkgconfig" make -s -C "$work/pkg_config" >/dev/null
run pkg_config "$work/pkg_config/consumer"

echo "-- all consumers built and ran"
