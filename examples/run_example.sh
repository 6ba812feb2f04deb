#!/usr/bin/env bash
# Runs one example against the demo server (POSTPRESS_BASE_URL cleared) and checks that it exits
# with 0 and prints every line expected_output.txt lists for it.
# Usage: run_example.sh <example binary> <example name>
set -uo pipefail
binary=$1 name=$2
expected="$(dirname "$0")/expected_output.txt"
out=$(POSTPRESS_BASE_URL= "$binary") || { echo "$name exited with $?"; exit 1; }
printf '%s\n' "$out"
patterns=$(sed -n "s/^$name: //p" "$expected")
[ -n "$patterns" ] || { echo "no expected output for $name in $expected"; exit 1; }
status=0
while IFS= read -r pattern; do
  grep -qE -e "$pattern" <<<"$out" || { echo "missing: $pattern"; status=1; }
done <<<"$patterns"
exit $status
