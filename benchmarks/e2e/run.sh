#!/usr/bin/env bash
# End-to-end benchmark of postpress-cpp on loopback against the mock server (pre-serialised
# pages, in a process of its own):
#
#   (a)  postpress  client.accounts(params), the async generator       <- the library
#   (a') postpress  the same with stream_options{.prefetch = true}     (for information)
#   (a") postpress  client.pages(params)                               (for information)
#   (b)  hand-written Beast http::read (string_body) + boost::json::parse + value_to<>
#   (c)  unipile-node-sdk from npm, client.account.getAll({limit, cursor}) page after page
#
# Every contender lists the whole workspace following the cursors, each run in a fresh client
# process; the client measures its own CPU time (user + system) and wall time around the
# listing, and its peak RSS. Contenders run interleaved, round after round, and the medians are
# reported: accounts per second, client CPU ms per 10,000 accounts, and the goals
#   (b) / (a) client CPU >= 2x   and   (c) / (a) client CPU >= 10x.
# Then the peak RSS of (a) listing 10 pages vs 400 pages (limit 250: 2,500 vs 100,000 accounts),
# goal: growth under 5%.
#
# Correctness first: before timing, (a), (a'), (a") and (b) compare every account they decode with
# the account the server was built from (operator== on the model), and every run of every
# contender, timed or not, must list exactly the server's account count with the same checksum of
# the ids in order as (a).
#
# usage: benchmarks/e2e/run.sh [--build-dir DIR] [--rounds N] [--accounts N] [--limit N]
#                              [--rss-pages SMALL,LARGE] [--no-node] [--no-syscalls] [--quick]
#                              [--strict]
#   --build-dir  CMake build directory (default $POSTPRESS_E2E_BUILD_DIR or /tmp/build-e2e);
#                configured (Release, without tests and tools) when it does not exist yet, and
#                only the two benchmark targets are built, with -j1
#   --no-syscalls  skip the (untimed) strace -c count of the C++ contenders' system calls per
#                page, printed by default when strace is there
#   --quick      a smoke run: 1 round of 2,500 accounts, RSS for 2 vs 20 pages
#   --strict     exit 4 when a goal is missed (default: report it and exit 0)
# Exit status: 0 done, 1 usage, 2 build or start-up failure, 3 a contender listed wrong data,
# 4 (--strict only) a goal missed. All traffic stays on 127.0.0.1.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD_DIR=${POSTPRESS_E2E_BUILD_DIR:-/tmp/build-e2e}
ROUNDS=5
ACCOUNTS=20000
LIMIT=250
RSS_SMALL_PAGES=10
RSS_LARGE_PAGES=400
RSS_REPEATS=3
USE_NODE=1
STRICT=0
SYSCALLS=1
SEED=1
KEY=bench-key
SERVER_MAX_SECONDS=1800 # the server stops by itself after this, whatever happens here

usage() {
    sed -n '/^# usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 1
}
while [ $# -gt 0 ]; do
    case "$1" in
    --build-dir) BUILD_DIR=${2:?}; shift 2 ;;
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --accounts) ACCOUNTS=${2:?}; shift 2 ;;
    --limit) LIMIT=${2:?}; shift 2 ;;
    --rss-pages) RSS_SMALL_PAGES=${2%%,*}; RSS_LARGE_PAGES=${2##*,}; shift 2 ;;
    --no-node) USE_NODE=0; shift ;;
    --no-syscalls) SYSCALLS=0; shift ;;
    --quick) ROUNDS=1; ACCOUNTS=2500; RSS_SMALL_PAGES=2; RSS_LARGE_PAGES=20; RSS_REPEATS=1; shift ;;
    --strict) STRICT=1; shift ;;
    -h | --help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
    esac
done
for n in "$ROUNDS" "$ACCOUNTS" "$LIMIT" "$RSS_SMALL_PAGES" "$RSS_LARGE_PAGES"; do
    if ! [[ $n =~ ^[0-9]+$ ]] || [ "$n" -eq 0 ]; then
        echo "run.sh: bad number '$n'" >&2
        exit 1
    fi
done
[ "$LIMIT" -le 250 ] || { echo "run.sh: --limit must be 1..250" >&2; exit 1; }

say() { printf '%s\n' "$*" >&2; }

# ---- build (only the two targets; -j1: the machine is shared) ----------------------------------
if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    generator=()
    command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
    say "configuring $BUILD_DIR (Release)"
    cmake -S "$ROOT" -B "$BUILD_DIR" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DPOSTPRESS_BUILD_TESTS=OFF -DPOSTPRESS_BUILD_TOOLS=OFF -DPOSTPRESS_BUILD_BENCHMARKS=ON \
        >/dev/null || { say "run.sh: cmake configure failed"; exit 2; }
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")
[ "$build_type" = Release ] || say "WARNING: $BUILD_DIR is a '$build_type' build, not Release"
cmake --build "$BUILD_DIR" -j1 --target e2e_serve e2e_client_bench >&2 ||
    { say "run.sh: build failed"; exit 2; }
SERVE="$BUILD_DIR/benchmarks/e2e/e2e_serve"
CLIENT="$BUILD_DIR/benchmarks/e2e/e2e_client_bench"

# ---- the Node contender --------------------------------------------------------------------------
NODE_VERSION=""
if [ "$USE_NODE" = 1 ]; then
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        say "SKIP (c): node and npm are needed for the unipile-node-sdk contender; not found"
        USE_NODE=0
    elif [ "$(node -p 'parseInt(process.versions.node)')" -lt 18 ]; then
        say "SKIP (c): unipile-node-sdk needs Node 18 or later (global fetch); found $(node --version)"
        USE_NODE=0
    elif [ ! -d "$HERE/node/node_modules/unipile-node-sdk" ]; then
        say "installing unipile-node-sdk (npm ci) in $HERE/node"
        if ! (cd "$HERE/node" && { npm ci --no-audit --no-fund >&2 || npm install --no-audit --no-fund >&2; }); then
            say "SKIP (c): npm could not install unipile-node-sdk"
            USE_NODE=0
        fi
    fi
    [ "$USE_NODE" = 1 ] && NODE_VERSION=$(node --version)
fi

# ---- the server ------------------------------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/postpress-e2e.XXXXXX")
SERVER_PID=""
SERVER_URL=""
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
    fi
}
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() { # accounts
    local out="$WORK/serve.$1.out"
    # A server of the same size may have run before: its URL must not be read as the new one's
    # (the redirection below truncates the file only once the background job has started).
    rm -f "$out"
    "$SERVE" --accounts "$1" --seed "$SEED" --api-key "$KEY" --prefix /api --warm-limit "$LIMIT" \
        --until signal --max-seconds "$SERVER_MAX_SECONDS" >"$out" 2>"$WORK/serve.$1.err" &
    SERVER_PID=$!
    local i
    for ((i = 0; i < 1200; ++i)); do # at most 2 minutes (100,000 accounts are made and encoded)
        [ -s "$out" ] && break
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            say "run.sh: the server failed to start:"; cat "$WORK/serve.$1.err" >&2; exit 2
        fi
        sleep 0.1
    done
    SERVER_URL=$(head -n 1 "$out")
    [[ $SERVER_URL == http://127.0.0.1:*/api ]] || { say "run.sh: no server URL"; exit 2; }
}

# ---- one run of one contender --------------------------------------------------------------------
# Prints the contender's result line: mode=... accounts=... wall_ms=... cpu_ms=... maxrss_kb=...
run_one() { # mode expected_accounts [verify]
    local mode=$1 expect=$2 verify=${3:-}
    if [ "$mode" = node ]; then
        node "$HERE/node/list_accounts.js" --base-url "${SERVER_URL%/api}" --api-key "$KEY" \
            --limit "$LIMIT" --expect "$expect"
    elif [ -n "$verify" ]; then
        "$CLIENT" --mode "$mode" --base-url "$SERVER_URL" --api-key "$KEY" --limit "$LIMIT" \
            --expect "$expect" --verify-seed "$SEED"
    else
        "$CLIENT" --mode "$mode" --base-url "$SERVER_URL" --api-key "$KEY" --limit "$LIMIT" \
            --expect "$expect"
    fi
}
field() { # "line" key
    local kv
    for kv in $1; do
        if [[ $kv == "$2="* ]]; then
            printf '%s\n' "${kv#*=}"
            return
        fi
    done
}
# Runs a contender and checks what it listed; the line goes to $LINE.
REFERENCE_CHECKSUM=""
LINE=""
checked_run() { # mode expected_accounts [verify]
    if ! LINE=$(run_one "$@"); then
        say "FAIL: $1 did not list the server's $2 accounts (see above)"; exit 3
    fi
    local accounts checksum
    accounts=$(field "$LINE" accounts)
    checksum=$(field "$LINE" checksum)
    if [ "$accounts" != "$2" ]; then
        say "FAIL: $1 listed $accounts accounts, the server has $2"; exit 3
    fi
    if [ -n "$REFERENCE_CHECKSUM" ] && [ "$checksum" != "$REFERENCE_CHECKSUM" ]; then
        say "FAIL: $1's checksum of the ids $checksum differs from postpress's $REFERENCE_CHECKSUM"
        exit 3
    fi
}

median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{v[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
minmax() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.1f-%.1f", lo, hi}'; }

MODES=(postpress postpress-prefetch postpress-pages handwritten)
[ "$USE_NODE" = 1 ] && MODES+=(node)
declare -A LABEL=(
    [postpress]="(a)  postpress accounts()"
    [postpress-prefetch]="(a') accounts() + prefetch"
    [postpress-pages]="(a\") postpress pages()"
    [handwritten]="(b)  Beast + JSON DOM + value_to"
    [node]="(c)  unipile-node-sdk ($NODE_VERSION)"
)

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- 1. correctness and warm-up ---------------------------------------------------------------------
start_server "$ACCOUNTS"
say "server: $SERVER_URL, $ACCOUNTS accounts, limit $LIMIT ($(((ACCOUNTS + LIMIT - 1) / LIMIT)) pages)"
checked_run postpress "$ACCOUNTS" verify
REFERENCE_CHECKSUM=$(field "$LINE" checksum)
say "correctness: (a) listed $ACCOUNTS accounts, each equal to the server's; id checksum $REFERENCE_CHECKSUM"
for mode in "${MODES[@]}"; do
    [ "$mode" = postpress ] && continue
    if [ "$mode" = node ]; then
        checked_run node "$ACCOUNTS"
        say "correctness: ${LABEL[$mode]}: $ACCOUNTS accounts, same id checksum"
    else
        checked_run "$mode" "$ACCOUNTS" verify
        say "correctness: ${LABEL[$mode]}: $ACCOUNTS accounts, each equal to the server's, same id checksum"
    fi
done

# ---- 2. timed rounds, interleaved ---------------------------------------------------------------------
declare -A CPU WALL RSS
say "timing: $ROUNDS rounds x ${#MODES[@]} contenders x $ACCOUNTS accounts"
for ((round = 1; round <= ROUNDS; ++round)); do
    n=${#MODES[@]}
    for ((k = 0; k < n; ++k)); do
        mode=${MODES[$(((k + round - 1) % n))]} # rotate who goes first
        checked_run "$mode" "$ACCOUNTS"
        CPU[$mode]+=" $(field "$LINE" cpu_ms)"
        WALL[$mode]+=" $(field "$LINE" wall_ms)"
        RSS[$mode]+=" $(field "$LINE" maxrss_kb)"
    done
    say "  round $round/$ROUNDS done"
done

# ---- syscalls per page (not timed): how each C++ contender talks to the socket ----------------------
SYSCALL_REPORT=""
if [ "$SYSCALLS" = 1 ]; then
    if ! command -v strace >/dev/null 2>&1; then
        say "syscall counts skipped: strace not found"
    else
        pages=$(((ACCOUNTS + LIMIT - 1) / LIMIT))
        for mode in postpress postpress-pages handwritten; do
            if ! strace -f -c -o "$WORK/strace.$mode" "$CLIENT" --mode "$mode" --base-url "$SERVER_URL" \
                --api-key "$KEY" --limit "$LIMIT" --expect "$ACCOUNTS" >/dev/null 2>&1; then
                say "syscall counts skipped: strace failed"
                SYSCALL_REPORT=""
                break
            fi
            SYSCALL_REPORT+=$(awk -v label="${LABEL[$mode]}" -v pages="$pages" '
                $NF ~ /^(recvmsg|recvfrom|read|readv)$/ {recv += $4}
                $NF == "epoll_wait" {epoll += $4}
                $NF == "timerfd_settime" {timer += $4}
                END {printf "  %-36s %10.1f %12.1f %16.1f\n", label, recv / pages, epoll / pages, timer / pages}
            ' "$WORK/strace.$mode")$'\n'
        done
    fi
fi
stop_server

declare -A CPU10K
echo
echo "End-to-end listing on loopback: $ACCOUNTS accounts, limit $LIMIT, medians of $ROUNDS rounds"
echo "(client CPU = user + system time of the client process during the listing)"
echo
printf '%-36s %12s %17s %14s %11s %10s\n' "contender" "accounts/s" "CPU ms/10k accts" "(CPU range)" "CPU vs (a)" "peak RSS"
printf '%-36s %12s %17s %14s %11s %10s\n' "------------------------------------" "----------" "----------------" "-------------" "----------" "---------"
for mode in "${MODES[@]}"; do
    cpu=$(median <<<"${CPU[$mode]}")
    wall=$(median <<<"${WALL[$mode]}")
    rss=$(median <<<"${RSS[$mode]}")
    range=$(awk -v a="$ACCOUNTS" '{for (i = 1; i <= NF; ++i) printf "%s ", $i * 10000 / a}' <<<"${CPU[$mode]}" | minmax)
    CPU10K[$mode]=$(awk -v c="$cpu" -v a="$ACCOUNTS" 'BEGIN {printf "%.2f", c * 10000 / a}')
    rate=$(awk -v w="$wall" -v a="$ACCOUNTS" 'BEGIN {printf "%.0f", a / (w / 1000)}')
    ratio=$(awk -v c="${CPU10K[$mode]}" -v r="${CPU10K[postpress]}" 'BEGIN {printf "%.2fx", c / r}')
    printf '%-36s %12s %17s %14s %11s %8.1fMB\n' "${LABEL[$mode]}" "$rate" "${CPU10K[$mode]}" "$range" "$ratio" "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
done
echo

MISSED=0
goal() { # label contender factor
    local ratio verdict
    ratio=$(awk -v c="${CPU10K[$2]}" -v r="${CPU10K[postpress]}" 'BEGIN {printf "%.2f", c / r}')
    if awk -v x="$ratio" -v f="$3" 'BEGIN {exit !(x >= f)}'; then verdict=PASS; else verdict=MISS; MISSED=1; fi
    printf '  %-52s %7sx  (goal >= %sx)  %s\n' "$1" "$ratio" "$3" "$verdict"
}
echo "Goals (client CPU per account):"
goal "(b) hand-written / (a) postpress accounts()" handwritten 2
if [ "$USE_NODE" = 1 ]; then
    goal "(c) unipile-node-sdk / (a) postpress accounts()" node 10
else
    printf '  %-52s %s\n' "(c) unipile-node-sdk / (a) postpress accounts()" "SKIPPED (no node/npm)"
fi

if [ -n "$SYSCALL_REPORT" ]; then
    echo
    echo "System calls per page of $LIMIT accounts (strace -c of one listing, not timed):"
    printf '  %-36s %10s %12s %16s\n' "contender" "recv/read" "epoll_wait" "timerfd_settime"
    printf '%s' "$SYSCALL_REPORT"
fi

# ---- 3. peak RSS: 10 vs 400 pages -------------------------------------------------------------------------
SMALL=$((RSS_SMALL_PAGES * LIMIT))
LARGE=$((RSS_LARGE_PAGES * LIMIT))
declare -A PEAK PEAK_ALL
for accounts in "$SMALL" "$LARGE"; do
    start_server "$accounts"
    say "RSS: server with $accounts accounts ($((accounts / LIMIT)) pages)"
    REFERENCE_CHECKSUM=""
    for mode in postpress postpress-prefetch; do
        values=""
        for ((i = 0; i < RSS_REPEATS; ++i)); do
            checked_run "$mode" "$accounts"
            [ -n "$REFERENCE_CHECKSUM" ] || REFERENCE_CHECKSUM=$(field "$LINE" checksum)
            values+=" $(field "$LINE" maxrss_kb)"
        done
        PEAK[$mode,$accounts]=$(median <<<"$values")
        PEAK_ALL[$mode,$accounts]=$(echo "$values" | xargs | tr ' ' '/')
    done
    stop_server
done
echo
echo "Peak RSS of the client process (ru_maxrss, median of $RSS_REPEATS runs), limit $LIMIT:"
printf '  %-28s %14s %14s %9s\n' "contender" "$RSS_SMALL_PAGES pages" "$RSS_LARGE_PAGES pages" "growth"
for mode in postpress postpress-prefetch; do
    s=${PEAK[$mode,$SMALL]}
    l=${PEAK[$mode,$LARGE]}
    growth=$(awk -v s="$s" -v l="$l" 'BEGIN {printf "%.2f", (l - s) * 100 / s}')
    if [ "$mode" = postpress ]; then
        if awk -v g="$growth" 'BEGIN {exit !(g < 5)}'; then verdict="PASS (goal < 5%)"; else verdict="MISS (goal < 5%)"; MISSED=1; fi
    else
        verdict="(for information)"
    fi
    printf '  %-28s %11s KB %11s KB %8s%%  %s\n' "${LABEL[$mode]}" "$s" "$l" "$growth" "$verdict"
    printf '  %-28s %14s %14s\n' "  (each run, KB)" "${PEAK_ALL[$mode,$SMALL]}" "${PEAK_ALL[$mode,$LARGE]}"
done
echo

if [ "$STRICT" = 1 ] && [ "$MISSED" = 1 ]; then exit 4; fi
exit 0
