#!/usr/bin/env bash
# Build and run the SPIN and Rumur lazytlb peers at NCPU = 2 and 3 (NMM = 2,
# FREES = 2) and check every state/transition count and counterexample
# length against the expected values.  Prints one line per run; exits 1 if any
# count differs.  Needs only spin, rumur and gcc; works in a temporary
# directory, so it can be run from anywhere in a fresh clone.
#
#   bench/peers/check-counts.sh            # NCPU = 2 and 3
#   bench/peers/check-counts.sh 2          # only NCPU = 2
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CC=${CC:-gcc}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(2 3)

for tool in spin rumur "$CC"; do
    command -v "$tool" >/dev/null || { echo "check-counts: $tool not found" >&2; exit 2; }
done

# Rumur's documented build line; -mcx16 (16-byte CAS) exists only on x86-64.
RUMUR_CFLAGS=(-std=c11 -O3)
if [ "$(uname -m)" = x86_64 ]; then RUMUR_CFLAGS+=(-march=native -mcx16); fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/lazytlb-peers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$HERE/lazytlb.pml" "$HERE/lazytlb.m" "$HERE/lazytlb_sym.m" "$WORK/"
cd "$WORK"

# Expected values, NMM = 2, FREES = 2.
#   spin: states stored / "transitions (= stored+matched)" (= firings + 1)
#   rumur: states / rules fired; sym = default heuristic symmetry,
#   symx = --symmetry-reduction exhaustive
#   trail: steps of the shortest BUGGY counterexample (SPIN -DBFS, Rumur 1 thread)
declare -A EXP=(
    [2,states]=2400    [2,trans]=8912
    [3,states]=57648   [3,trans]=310752
    [2,sym_states]=745   [2,sym_rules]=2788
    [3,sym_states]=6390  [3,sym_rules]=35154
    [2,symx_states]=629  [2,symx_rules]=2374
    [3,symx_states]=5134 [3,symx_rules]=28274
    [2,trail]=6 [3,trail]=7
)
# SPIN hash table size: about log2(2 x states)
declare -A SPINW=([2]=13 [3]=17)

failures=0
report() {  # report TOOL MODE NCPU GOT EXPECTED
    if [ "$4" = "$5" ]; then
        printf 'ok    %-5s %-16s NCPU=%s  %s\n' "$1" "$2" "$3" "$4"
    else
        printf 'FAIL  %-5s %-16s NCPU=%s  got: %s  expected: %s\n' "$1" "$2" "$3" "$4" "$5"
        failures=$((failures + 1))
    fi
}

# set_params FILE NCPU CORRECT > out: the driver's substitution of the Rumur
# constants (each on its own line as `NAME : value;`).
set_params() {
    sed -e "s/^\( *NCPU *:\).*;/\1 $2;/" \
        -e "s/^\( *NMM *:\).*;/\1 2;/" \
        -e "s/^\( *FREES *:\).*;/\1 2;/" \
        -e "s/^\( *CORRECT *:\).*;/\1 $3;/" "$1"
}

# rumur_result: "<verdict>, N states, M rules fired" from the verifier's out.txt
rumur_result() {
    local verdict="ERROR"
    grep -q 'No error found' out.txt && verdict="no error"
    printf '%s, %s' "$verdict" "$(sed -n 's/^\t*\([0-9]* states, [0-9]* rules fired\).*/\1/p' out.txt)"
}

# spin_build NCPU CORRECT CFLAGS...
spin_build() {
    local n=$1 correct=$2
    shift 2
    rm -f pan pan.* ./*.trail
    spin -a -DNCPU="$n" -DNMM=2 -DFREES=2 -DCORRECT="$correct" lazytlb.pml >/dev/null
    "$CC" -O2 -w -DMEMLIM=20000 -DSAFETY "$@" pan.c -o pan
}

# rumur_build MODEL NCPU CORRECT RUMUR-OPTIONS...
rumur_build() {
    local model=$1 n=$2 correct=$3
    shift 3
    set_params "$model" "$n" "$correct" > model.m
    rumur --quiet "$@" model.m --output v.c
    "$CC" "${RUMUR_CFLAGS[@]}" v.c -o v -lpthread
}

for n in "${SIZES[@]}"; do
    [ -n "${EXP[$n,states]:-}" ] || { echo "check-counts: no expected counts for NCPU=$n" >&2; exit 2; }
    spin_states="0 errors, ${EXP[$n,states]} states, $((EXP[$n,trans] + 1)) transitions"

    # SPIN, CORRECT: exhaustive without and with partial-order reduction
    for mode in noreduce default; do
        if [ $mode = noreduce ]; then spin_build "$n" 1 -DNOREDUCE; else spin_build "$n" 1; fi
        ./pan -m1000000 -w"${SPINW[$n]}" > out.txt || true
        got="$(awk '/states, stored$/ {s=$1} /transitions \(= stored\+matched\)/ {t=$1}
                    /errors:/ {e=$NF} END {printf "%s errors, %s states, %s transitions", e, s, t}' out.txt)"
        report spin "$mode" "$n" "$got" "$spin_states"
    done

    # SPIN, BUGGY, breadth-first: shortest counterexample
    spin_build "$n" 0 -DNOREDUCE -DBFS
    ./pan -m1000000 -w20 > out.txt || true
    steps=none
    if grep -q 'assertion violated' out.txt && [ -f lazytlb.pml.trail ]; then
        steps=$( (spin -t -DNCPU="$n" -DNMM=2 -DFREES=2 -DCORRECT=0 lazytlb.pml || true) |
                sed -n 's/^spin: trail ends after \([0-9]*\) steps$/\1/p')
    fi
    report spin "buggy bfs trail" "$n" "assertion violated, $steps steps" \
        "assertion violated, ${EXP[$n,trail]} steps"

    # Rumur, CORRECT, plain model, 1 thread
    rumur_build lazytlb.m "$n" 1 --threads 1
    ./v > out.txt || true
    report rumur t1 "$n" "$(rumur_result)" "no error, ${EXP[$n,states]} states, ${EXP[$n,trans]} rules fired"

    # Rumur, CORRECT, symmetric model: default (heuristic) and exhaustive
    for sym in heuristic exhaustive; do
        key=sym; [ $sym = exhaustive ] && key=symx
        rumur_build lazytlb_sym.m "$n" 1 --symmetry-reduction $sym
        ./v > out.txt || true
        report rumur "sym $sym" "$n" "$(rumur_result)" \
            "no error, ${EXP[$n,${key}_states]} states, ${EXP[$n,${key}_rules]} rules fired"
    done

    # Rumur, BUGGY, 1 thread (breadth-first): shortest counterexample
    rumur_build lazytlb.m "$n" 0 --threads 1
    ./v > out.txt || true
    steps=none
    if grep -q 'invariant "no lazy CPU walks freed tables" failed' out.txt; then
        steps=$(grep -c '^Rule .* fired\.$' out.txt || true)
    fi
    report rumur "buggy t1 trail" "$n" "invariant failed, $steps steps" \
        "invariant failed, ${EXP[$n,trail]} steps"
done

if [ $failures -ne 0 ]; then
    echo "check-counts: $failures run(s) differ from the expected counts" >&2
    exit 1
fi
echo "check-counts: all counts as expected"
