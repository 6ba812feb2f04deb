#!/usr/bin/env bash
# Compile time of a program that lists accounts with postpress against one that includes only
# the Boost.Beast, Asio, SSL and JSON headers it needs and makes a plain request (goal: at most
# 1.25x). The postpress file is measured both ways the library can be used (postpress/config.hpp):
# header-only, and with POSTPRESS_SEPARATE_COMPILATION, where the client's internals are compiled
# once for the whole program in a file that includes <postpress/src.hpp> (timed once, reported
# beside). The files are compiled alternately, N times (default 3), with the same flags; medians
# and ratios printed.
#
#   benchmarks/compile_time/run.sh [N]        (CXX picks the compiler, default g++)
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-3}
cxx=${CXX:-g++}
flags=(-std=c++20 -O2 -c -I../../include -o /dev/null)
src=$(mktemp --suffix=.cpp)
trap 'rm -f "$src"' EXIT
echo '#include <postpress/src.hpp>' >"$src"

measure() { # file extra-flags...
  local s e f=$1; shift
  s=$(date +%s%N); "$cxx" "${flags[@]}" "$@" "$f"; e=$(date +%s%N)
  awk -v d=$((e - s)) 'BEGIN { printf "%.2f", d / 1e9 }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v r="$1" 'BEGIN { print (r <= 1.25 ? "met" : "MISSED") }'; }

header_only=(); separate=(); base=()
for _ in $(seq "$n"); do
  header_only+=("$(measure with_postpress.cpp)")
  separate+=("$(measure with_postpress.cpp -DPOSTPRESS_SEPARATE_COMPILATION)")
  base+=("$(measure baseline_beast.cpp)")
done
once=$(measure "$src" -DPOSTPRESS_SEPARATE_COMPILATION)
mh=$(median "${header_only[@]}"); ms=$(median "${separate[@]}"); mb=$(median "${base[@]}")
rh=$(ratio "$mh" "$mb"); rs=$(ratio "$ms" "$mb")
printf 'compile time (%s -O2, median of %s)\n' "$cxx" "$n"
printf '  Beast + Asio + SSL + JSON baseline:              %6.2f s\n' "$mb"
printf '  postpress, header-only:                          %6.2f s  %sx (goal <= 1.25x: %s)\n' \
  "$mh" "$rh" "$(verdict "$rh")"
printf '  postpress, POSTPRESS_SEPARATE_COMPILATION:       %6.2f s  %sx (goal <= 1.25x: %s)\n' \
  "$ms" "$rs" "$(verdict "$rs")"
printf '    plus, once per program, <postpress/src.hpp>:   %6.2f s\n' "$once"
