#!/usr/bin/env bash
# Compile time of a program that lists accounts with postpress against one that includes only
# the Boost.Beast, Asio, SSL and JSON headers it needs and makes a plain request. Each file is
# compiled alternately, N times (default 3), with the same flags; medians and their ratio printed.
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-3}
cxx=${CXX:-g++}
flags=(-std=c++20 -O2 -c -I../../include -o /dev/null)
measure() { local s e; s=$(date +%s%N); "$cxx" "${flags[@]}" "$1"; e=$(date +%s%N); awk -v d=$((e - s)) 'BEGIN { printf "%.2f", d / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
lib=(); base=()
for _ in $(seq "$n"); do
  lib+=("$(measure with_postpress.cpp)")
  base+=("$(measure baseline_beast.cpp)")
done
ml=$(median "${lib[@]}"); mb=$(median "${base[@]}")
ratio=$(awk -v a="$ml" -v b="$mb" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.25 ? "PASS" : "MISS") }')
printf 'compile time (%s -O2, median of %s)\n' "$cxx" "$n"
printf '  postpress listing with a coroutine: %6.2f s\n' "$ml"
printf '  Beast + Asio + SSL + JSON baseline: %6.2f s\n' "$mb"
printf '  ratio: %sx (goal <= 1.25x: %s)\n' "$ratio" "$verdict"
