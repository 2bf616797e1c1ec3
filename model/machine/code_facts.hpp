// Static facts about a Program's code that the step executor relies on,
// computed once: which instructions are steps of their own, and which choice
// points a step can come back to before its memory access.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::machine {

// One byte of flags per pc, so the step executor tests them with one load.
struct CodeFacts {
    enum Flag : std::uint8_t {
        // The instruction makes a memory access, so a step stops before it
        // once it has made one (SC: fences and core syncs have nothing to
        // wait for and are not accesses).
        kBoundary = 1,
        // A Fork or Choose: a step that made its access stops before it too.
        kChoice = 2,
        // Where a step that made its access stops: an access, a choice, Halt.
        kEndsStep = 4,
        // A choice that some path leads back to without an access. Only
        // those need the "same choice, same state" check, which hashes the
        // state.
        kRepeatableChoice = 8,
        // Process code that touches nothing but the CPU's own locals and its
        // own store buffer and reads no memory: shown by `shootdown dump`
        // ("L"). Partial-order reduction uses the finer per-element
        // footprints instead (model/reduce/por_footprints.hpp).
        kLocal = 16,
    };
    std::vector<std::uint8_t> flags;

    [[nodiscard]] bool has(std::uint32_t pc, Flag flag) const { return (flags[pc] & flag) != 0; }
};

CodeFacts analyse_code(const ir::Program& program);

} // namespace shootdown::machine
