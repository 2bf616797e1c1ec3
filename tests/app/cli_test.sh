#!/usr/bin/env bash
# The command line's contract: exit codes 0/1/2/3, diagnostics on stderr,
# and JSON traces that replay. Usage: cli_test.sh SHOOTDOWN SOURCE_DIR
set -uo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
teach=$src/examples/teaching/flush_wait.sd
seed0=$src/examples/seed-000-lazy-tlb/lazy_tlb.sd
passed=0
failed=0

# shellcheck source=assert.sh
source "$(dirname "$0")/assert.sh"

expect 0 "safe variant" -- "$bin" check "$teach" --variant WAIT
contains out "verdict: no violation (all 122 reachable states explored)" "state count"
expect 1 "buggy variant" -- "$bin" check "$teach" --variant NO_WAIT --trace-json "$tmp/t.json"
contains out "VIOLATION of invariant no_tlb_entry_for_freed_page after 7 steps" "verdict line"
expect 1 "replay confirms" -- "$bin" replay "$teach" "$tmp/t.json"
contains out "replay: confirmed" "replay message"
expect 1 "brief trace" -- "$bin" check "$teach" --variant NO_WAIT --brief
contains out "   7  CPU0 process (flush_wait.sd:54): page := FREED" "one line per step"
expect 1 "dfs finds it too" -- "$bin" check "$teach" --variant NO_WAIT --strategy dfs -q
expect 0 "list" -- "$bin" list "$seed0"
contains out "D_collapse" "list shows variants"
expect 0 "list --ir" -- "$bin" list --ir "$teach"
contains out "interrupt handler flush_tlb_func (entry 0):" "list --ir shows each context"
contains out "IpiSend      (tmp0 & ~(cpumask_of(this_cpu)))" "list --ir shows operands"
contains out "{W tlb[this_cpu]}" "list --ir shows per-element footprints"
contains out "{W other CPUs' pending IPIs}  live: tmp0" "list --ir shows the locals live at a resting point"
expect 0 "check --self-check" -- "$bin" check "$teach" --self-check -q
contains out "all 122 reachable states" "--self-check keeps the counts"
contains out "engine: compiled steps (" "--self-check compares the compiled steps with the interpreter"
expect 0 "--compile always with a broken compiler" -- env CXX=false "$bin" check "$teach" --compile always -q
contains out "all 122 reachable states" "the interpreter's answer without a compiler"
contains err "shootdown: note: compiled steps unavailable (\`false --version\` exited 1); using the interpreter" "one line says why"
contains out "engine: interpreter (compiled steps unavailable: \`false --version\` exited 1)" "the engine line says so"
expect 0 "--compile never" -- "$bin" check "$teach" --compile never -q
contains out "engine: interpreter (--compile never)" "the engine line names the interpreter"
expect 2 "--compile with a bad mode" -- "$bin" check "$teach" --compile sometimes
mkdir -p "$tmp/gen"
expect 0 "list --emit-compiled" -- "$bin" list "$teach" --emit-compiled "$tmp/gen"
nonempty() { if [ -s "$1" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $2: no $1"; fi; }
nonempty "$tmp/gen/unit_0.cpp" "--emit-compiled writes the generated unit"
nonempty "$tmp/gen/runtime.inc" "--emit-compiled writes the runtime"
sync_core=$src/examples/seed-001-membarrier/membarrier_sync_core.sd
expect 0 "statistics with --por" -- "$bin" check "$sync_core" --por -q
contains out "statistic most_redundant_syncs: max 1 over the states explored with --por; non-zero in" "--por statistics say what they cover"
seed0=$src/examples/seed-000-lazy-tlb/lazy_tlb.sd
expect 0 "--por-stats" -- "$bin" check "$seed0" --variant C --memory tso --por --por-stats -q
contains out "states: 48,643" "--por on seed 000 C under TSO"
contains out "por: 45316 states with a choice, 38351 reduced" "--por-stats counts the persistent sets"
contains out "por: conflicts that kept steps together: tlb_gen[0]" "--por-stats names the conflicts"
expect 1 "--por counterexample" -- "$bin" check "$seed0" --variant B --memory tso --por -q
contains out "after 34 steps (--por: run without it for the shortest)" "--por does not claim the shortest"
expect 0 "statistics" -- "$bin" check "$sync_core" -q
contains out "statistic most_redundant_syncs: max 1 over all reachable states; non-zero in 4,822 of them" "statistics over all reachable states"
expect 2 "--self-check with --symmetry" -- "$bin" check "$teach" --self-check --symmetry
expect 0 "statistic" -- "$bin" check "$src/examples/seed-001-membarrier/lazy_mm.sd" --variant D -q
contains out "statistic most_redundant_syncs: max 3 over all reachable states; non-zero in 8,732 of them" "statistic line"
expect 1 "two threads, same shortest trace" -- "$bin" check "$teach" --variant NO_WAIT -q --threads 2
contains out "VIOLATION of invariant no_tlb_entry_for_freed_page after 7 steps" "threads verdict"
expect 0 "hash compaction" -- "$bin" check "$teach" --variant WAIT --store hashcompact
contains out "probability that a state was missed" "omission estimate"
expect 1 "bitstate trace" -- "$bin" check "$teach" --variant NO_WAIT -q --store bitstate --bitstate-bits 20
contains out "after 7 steps" "bitstate counterexample"
expect 0 "help" -- "$bin" --help
# The diagnostics cap: 40 errors, 20 shown, then the count; --max-errors 0 shows all.
{
    printf 'type cpu = cpus(2);\nshared int<0..1> x;\nprocess {\n'
    for i in $(seq 1 40); do printf '    x = undefined_%s;\n' "$i"; done
    printf '}\n'
} >"$tmp/many.sd"
expect 2 "forty errors" -- "$bin" check "$tmp/many.sd"
contains err "... and 20 more diagnostics not shown (--max-errors N shows more)" "at most 20 diagnostics by default"
contains err "40 errors in" "the count of all errors"
expect 2 "forty errors, all shown" -- "$bin" check "$tmp/many.sd" --max-errors 0
contains err "undefined_40" "--max-errors 0 shows the last one"
expect 0 "check help" -- "$bin" check --help
contains out "Exit codes: 0 no violation" "check --help lists the exit codes"
contains out "shootdown check examples/teaching/flush_wait.sd --variant NO_WAIT" "check --help starts with an example"

expect 2 "no subcommand" -- "$bin"
expect 2 "unknown option" -- "$bin" check "$teach" --frobnicate
expect 2 "missing model" -- "$bin" check "$tmp/nope.sd"
contains err "cannot read model file" "missing model message"
expect 2 "unknown variant" -- "$bin" check "$teach" --variant NOPE
contains err "the variants are: WAIT, NO_WAIT" "variant hint"
expect 2 "unknown param" -- "$bin" check "$seed0" --param NPCU=3
contains err "did you mean \`NCPU\`?" "param hint"
expect 2 "malformed param" -- "$bin" check "$seed0" --param NCPU
expect 2 "bad memory model" -- "$bin" check "$teach" --memory arm64
expect 2 "bad strategy" -- "$bin" check "$teach" --strategy random
expect 2 "bad size" -- "$bin" check "$teach" --max-memory 12Q
expect 2 "bad store buffer" -- "$bin" check "$teach" --store-buffer 9
expect 2 "zero threads" -- "$bin" check "$teach" --threads 0
expect 2 "bad store" -- "$bin" check "$teach" --store fuzzy
expect 2 "lossy store with dfs" -- "$bin" check "$teach" --store bitstate --strategy dfs
expect 2 "lossy store with por" -- "$bin" check "$teach" --store hashcompact --por

expect 3 "state limit" -- "$bin" check "$seed0" --variant C --max-states 100
contains out "INCOMPLETE: --max-states reached" "incomplete verdict"
expect 3 "depth limit" -- "$bin" check "$seed0" --variant C --max-depth 5
expect 3 "memory limit" -- "$bin" check "$seed0" --variant C --max-memory 1k

echo '{ "format": "shootdown-trace", ' >"$tmp/bad.json"
expect 2 "malformed trace" -- "$bin" replay "$teach" "$tmp/bad.json"
contains err "bad.json:" "trace error location"
sed 's/"ordinal": [0-9]*/"ordinal": 99/' "$tmp/t.json" >"$tmp/wrong.json"
expect 2 "trace that does not fit" -- "$bin" replay "$teach" "$tmp/wrong.json"

printf 'type cpu = cpus(2);\nprocess { x = 1; }\n' >"$tmp/bad.sd"
expect 2 "malformed model" -- "$bin" check "$tmp/bad.sd"
contains err "bad.sd:2:11: error: unknown name \`x\`" "located diagnostic"


# replay is strict: bad files are refused in its own words, every recorded
# step must do what the file says, and the trace's run settings apply.
expect 0 "replay help" -- "$bin" replay --help
contains out "Exit codes: 1 the trace replays exactly and the recorded violation is confirmed;" "replay help lists the exit codes"
head -c 500000 /dev/zero | tr '\0' '[' >"$tmp/deep.json"
expect 2 "deeply nested trace" -- "$bin" replay "$teach" "$tmp/deep.json"
contains err "deep.json:1:65: error: the JSON nests deeper than 64 levels" "nesting diagnostic"
: >"$tmp/empty.json"
expect 2 "empty trace" -- "$bin" replay "$teach" "$tmp/empty.json"
contains err "empty.json:1:1: error: the file is empty" "empty trace message"
printf '\x93\x01\xff{' >"$tmp/bytes.json"
expect 2 "random bytes" -- "$bin" replay "$teach" "$tmp/bytes.json"
contains err "bytes.json:1:1: error: a shootdown trace is a JSON object, not the byte 0x93" "bytes message"
echo '[1, 2]' >"$tmp/array.json"
expect 2 "JSON that is not an object" -- "$bin" replay "$teach" "$tmp/array.json"
contains err "not an array" "array message"
expect 2 "a directory as the trace" -- "$bin" replay "$teach" "$tmp"
mutate() { # mutate NAME SED-EXPRESSION MESSAGE: a broken copy of t.json is refused
    sed "$2" "$tmp/t.json" >"$tmp/$1.json"
    expect 2 "trace with $1" -- "$bin" replay "$teach" "$tmp/$1.json"
    contains err "$3" "$1 message"
    if grep -qE "No such node|conversion of data|ptree" "$tmp/err"; then
        failed=$((failed + 1))
        echo "FAIL: $1: a library's message"
    fi
}
mutate no_format 's/"format": "shootdown-trace",//' "not a shootdown trace: it has no \`format\` field"
mutate string_cpu '0,/"cpu": 1/s//"cpu": "1"/' "error: \`steps[0].cpu\` must be an integer, not a string"
mutate negative '0,/"ordinal": 3/s//"ordinal": -3/' "error: \`steps[0].ordinal\` must not be negative"
mutate huge '0,/"ordinal": 3/s//"ordinal": 123456789012345678901234/' "more than the 4294967295 it may be at most"
mutate unknown_kind 's/"kind": "invariant"/"kind": "liveness"/' "\`violation.kind\` must be \"invariant\", \"step\" or \"deadlock\""
mutate unknown_property 's/no_tlb_entry_for_freed_page"/no_such_thing"/' "the trace's property \`invariant no_such_thing\` is not an invariant of this model"
mutate missing_steps 's/"steps"/"stops"/' "unknown field \`stops\` in the trace"
mutate bad_source '0,/"source": "WRITE_ONCE(page, UNMAPPED);"/s//"source": "WRITE_ONCE(page, FREED);"/' "step 2 is not the recorded one: its source line differs"
expect 2 "SC trace on TSO" -- "$bin" replay "$teach" "$tmp/t.json" --memory tso
contains err "step 2 is not the recorded one: its event 1 differs: \`page := UNMAPPED\` recorded, \`page := UNMAPPED (buffered)\` now" "the first differing step"
contains err "  now:      CPU0 program \`process\` at flush_wait.sd:52 | WRITE_ONCE(page, UNMAPPED);" "what the model does now"
expect 2 "another variant" -- "$bin" replay "$teach" "$tmp/t.json" --variant WAIT
printf '%s\n' 'param NCPU = 2;' 'param LIMIT = 1;' 'type cpu = cpus(NCPU);' 'shared int<0..3> x = 0;' \
    'invariant small: x <= LIMIT;' 'process {' '    if (this_cpu == NCPU - 1) {' '        either {' \
    '            WRITE_ONCE(x, 1);' '        } or {' '            WRITE_ONCE(x, 2);' '        }' '    }' '}' \
    >"$tmp/either.sd"
expect 1 "parametric trace" -- "$bin" check "$tmp/either.sd" --param NCPU=3 --trace-json "$tmp/e.json"
expect 1 "the trace's parameters apply" -- "$bin" replay "$tmp/either.sd" "$tmp/e.json"
expect 1 "a --param replaces only its parameter" -- "$bin" replay "$tmp/either.sd" "$tmp/e.json" --param LIMIT=1
expect 0 "replays exactly without the violation" -- "$bin" replay "$tmp/either.sd" "$tmp/e.json" --param LIMIT=2
contains out "replay: the trace replays exactly, but does not end in a violation of invariant small" "no-violation message"
expect 2 "a --param that changes the steps" -- "$bin" replay "$tmp/either.sd" "$tmp/e.json" --param NCPU=2
sed 's/x, 1/x, 9/; s/x, 2/x, 1/; s/x, 9/x, 2/' "$tmp/either.sd" >"$tmp/swapped.sd"
expect 2 "swapped either branches" -- "$bin" replay "$tmp/swapped.sd" "$tmp/e.json"
contains err "step 1 is not the recorded one: its source line differs" "swapped branches message"
contains err "  recorded: CPU2 program \`process\` at either.sd:11 | WRITE_ONCE(x, 2);" "what was recorded"
cp "$tmp/either.sd" "$tmp/renamed.sd"
expect 1 "a renamed copy of the model" -- "$bin" replay "$tmp/renamed.sd" "$tmp/e.json"
printf '%s\n' 'type cpu = cpus(1);' 'shared int<0..1> a = 0;' 'shared int<0..1> b = 0;' 'shared int<0..1> c = 0;' \
    'process {' '    WRITE_ONCE(a, 1);' '    WRITE_ONCE(b, 1);' '    WRITE_ONCE(c, 1);' '    assert false, "the end";' '}' \
    >"$tmp/sb.sd"
expect 1 "trace with 3 store-buffer entries" -- "$bin" check "$tmp/sb.sd" --memory tso --store-buffer 3 --trace-json "$tmp/sb.json"
expect 1 "the trace's store-buffer size applies" -- "$bin" replay "$tmp/sb.sd" "$tmp/sb.json"
expect 2 "an explicit --store-buffer 2 applies" -- "$bin" replay "$tmp/sb.sd" "$tmp/sb.json" --store-buffer 2
contains err "step 3 is not the recorded one: its kind differs" "a drain instead of the third store"

for input in "$src"/tests/fuzz/trace_json_inputs/*; do # the fuzzer's regression inputs
    "$bin" replay "$teach" "$input" >/dev/null 2>&1
    code=$?
    if [ "$code" -le 2 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "FAIL: replay of $input: exit $code"
    fi
done

finish
