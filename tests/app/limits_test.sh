#!/usr/bin/env bash
# Limits hold wherever the time goes, signals and out of memory end a run
# with its report (exit 3), and options that would silently mean something
# else are refused (exit 2). Usage: limits_test.sh SHOOTDOWN SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
# shellcheck source=assert.sh
source "$(dirname "$0")/assert.sh"
teach=$src/examples/teaching/flush_wait.sd
big=$src/examples/bench/lazytlb.sd # NCPU 5: 50 M states, far more than a test waits for

# One state whose expansion would take hours and gigabytes.
cat >"$tmp/wide.sd" <<'SD'
type cpu = cpus(1);
shared int<0..4294967294> x = 0;
process {
    choose v in int<0..4294967294> { x = v; }
}
SD
{
    echo 'type cpu = cpus(1);'
    echo 'shared int<0..40> x = 0;'
    echo 'process {'
    echo '    atomic {'
    for _ in $(seq 40); do echo '        either { x = x + 1; } or { x = x; }'; done
    echo '    }'
    echo '}'
} >"$tmp/either.sd"

# `timeout` turns a limit that does not hold into exit 124.
expect 3 "--time-limit inside one wide choose" -- timeout 60 "$bin" check "$tmp/wide.sd" --time-limit 1
contains out "verdict: INCOMPLETE: --time-limit reached; no violation in the 1 states explored" "time limit"
expect 3 "--max-memory inside one wide choose" -- timeout 60 "$bin" check "$tmp/wide.sd" --max-memory 200M
contains out "verdict: INCOMPLETE: --max-memory reached" "memory limit"
expect 3 "--time-limit inside forks without end in an atomic block" -- timeout 60 "$bin" check "$tmp/either.sd" --time-limit 1 --compile never
contains out "--time-limit reached" "time limit in forks"
expect 3 "--time-limit, compiled steps" -- timeout 60 "$bin" check "$tmp/either.sd" --time-limit 2 --compile always
contains out "--time-limit reached" "time limit in compiled forks"

# Out of memory: an address-space limit makes allocations fail (not under
# ASan, which reserves terabytes of address space up front).
if [ -z "${ASAN_OPTIONS:-}" ]; then
expect 3 "out of memory, one thread" -- timeout 120 bash -c "ulimit -v 120000; exec \"$bin\" check \"$big\" --param NCPU=5 --threads 1 --compile never"
contains out "verdict: INCOMPLETE: out of memory" "out of memory verdict"
contains out "transitions:" "what was explored"
expect 3 "out of memory, two threads" -- timeout 120 bash -c "ulimit -v 160000; exec \"$bin\" check \"$big\" --param NCPU=5 --threads 2 --compile never"
contains out "verdict: INCOMPLETE: out of memory" "out of memory verdict, two threads"
fi
expect 2 "a bit array larger than the machine" -- "$bin" check "$teach" --store bitstate --bitstate-bits 40
contains err "--bitstate-bits 40 needs a bit array of 128.0 GiB" "bit array size"
expect 2 "a bit array larger than --max-memory" -- "$bin" check "$teach" --store bitstate --bitstate-bits 32 --max-memory 100M
contains err "more than --max-memory" "bit array against --max-memory"

# Signals: the report reaches a pipe, exit 3.
for sig in INT TERM; do
    ( "$bin" check "$big" --param NCPU=5 --threads 2 | cat >"$tmp/sig.out"; echo "${PIPESTATUS[0]}" >"$tmp/sig.rc" ) 2>"$tmp/sig.err" &
    runner=$!
    for _ in $(seq 100); do [ -s "$tmp/sig.out" ] && break; sleep 0.1; done
    sleep 0.5
    pkill -"$sig" -f "check $big --param NCPU=5 --threads 2$"
    wait "$runner"
    if [ "$(cat "$tmp/sig.rc")" = 3 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1)); echo "FAIL: SIG$sig: exit $(cat "$tmp/sig.rc"), expected 3"; fi
    cp "$tmp/sig.out" "$tmp/out"
    cp "$tmp/sig.err" "$tmp/err"
    contains out "verdict: INCOMPLETE: interrupted (SIGINT or SIGTERM)" "SIG$sig verdict"
    contains out "transitions:" "SIG$sig statistics"
    contains err "shootdown: stopped by SIG$sig" "SIG$sig named"
done

# Options that used to mean something else.
expect 2 "--time-limit 0" -- "$bin" check "$teach" --time-limit 0
contains err "--time-limit: must be a positive number of seconds" "time limit message"
expect 2 "--time-limit -1" -- "$bin" check "$teach" --time-limit -1
expect 2 "--time-limit nan" -- "$bin" check "$teach" --time-limit nan
expect 2 "--max-states 0" -- "$bin" check "$teach" --max-states 0
expect 2 "--max-states -1" -- "$bin" check "$teach" --max-states -1
contains err "--max-states: must be a positive whole number" "max states message"
expect 2 "--max-depth 0" -- "$bin" check "$teach" --max-depth 0
expect 2 "--store-buffer 0" -- "$bin" check "$teach" --store-buffer 0
expect 2 "--store-buffer 9" -- "$bin" check "$teach" --store-buffer 9
expect 2 "--variant ''" -- "$bin" check "$teach" --variant ""
expect 2 "--param twice" -- "$bin" check "$teach" -p NCPU=2 -p NCPU=3
contains err "--param NCPU is given twice (2 and 3)" "param twice message"
for size in 4g 1.5G 1T 512MiB 64mb; do
    expect 0 "--max-memory $size" -- "$bin" check "$teach" --variant WAIT -q --max-memory "$size"
done
expect 2 "--max-memory 10x" -- "$bin" check "$teach" --max-memory 10x
expect 3 "--max-states 5" -- "$bin" check "$teach" --variant WAIT --max-states 5
contains out "verdict: INCOMPLETE: --max-states reached; no violation in the 5 states explored" "max states verdict"

# --trace-json is checked before the search and never overwrites an input.
cp "$teach" "$tmp/model.sd"
expect 2 "--trace-json over the model" -- "$bin" check "$tmp/model.sd" --variant NO_WAIT --trace-json "$tmp/model.sd"
contains err "is an input of this run" "input refused"
if cmp -s "$teach" "$tmp/model.sd"; then passed=$((passed + 1)); else
    failed=$((failed + 1)); echo "FAIL: the model was overwritten"; fi
expect 2 "--trace-json in a missing folder, safe model" -- "$bin" check "$teach" --variant WAIT --trace-json "$tmp/no/such/t.json"
contains err "cannot create it in" "missing folder"
expect 2 "--trace-json a folder" -- "$bin" check "$teach" --variant NO_WAIT --trace-json "$tmp"
contains err "not a regular file" "folder refused"
if [ -w /dev/full ]; then
    "$bin" check "$teach" --variant NO_WAIT -q >/dev/full 2>"$tmp/err"
    if [ $? -eq 2 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: /dev/full"; fi
    contains err "cannot write the output: No space left on device" "stdout error"
fi

# Reports name what went wrong: where a deadlocked CPU waits, and the value
# a run-time range check refused.
cat >"$tmp/dl.sd" <<'SD'
type cpu = cpus(2);
shared bool go = false;
shared int<0..3> n = 0;
process {
    if (this_cpu == 0) {
        await go;
    }
}
SD
expect 1 "deadlock" -- "$bin" check "$tmp/dl.sd"
contains out "CPU0: waits at dl.sd:6  | await go;" "the deadlock names the await, not the step's first line"
sed -i 's/^    }$/    }\n    n = 5;/' "$tmp/dl.sd"
expect 1 "value out of range" -- "$bin" check "$tmp/dl.sd" --no-deadlock
contains out "violated: run-time check \`value in range\` at dl.sd:8" "range check location"
contains out "because n would be 5, outside its range 0..3" "range check names the variable, value and range"

# Twelve interchangeable CPUs: 12! renamings of a state, bounded per state.
cat >"$tmp/sym12.sd" <<'SD'
type cpu = cpus(12);
shared per_cpu bool flag;
process {
    flag[this_cpu] = true;
    flag[this_cpu] = false;
}
SD
expect 0 "--symmetry with 12 CPUs" -- timeout 120 "$bin" check "$tmp/sym12.sd" --symmetry --time-limit 60
contains out "verdict: no violation (all 91 orbits of reachable states explored)" "12 CPUs: the multisets of 3 CPU states"
contains err "admitted more than 40320 renamings" "the bound is reported"

finish
