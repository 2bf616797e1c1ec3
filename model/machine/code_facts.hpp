// Static facts about a Program's code that the step executor relies on,
// computed once: which instructions are steps of their own, and which choice
// points a step can come back to before its memory access.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::machine {

struct CodeFacts {
    // Per pc: the instruction makes a memory access, so a step stops before
    // it once it has made one (SC: fences and core syncs have nothing to
    // wait for and are not accesses).
    std::vector<bool> boundary;
    // Per pc of a Fork or Choose: some path from it leads back to it without
    // an access. Only those need the "same choice, same state" check, which
    // hashes the state.
    std::vector<bool> repeatable_choice;
    // Per pc of process code: running the instruction touches nothing but
    // the CPU's own locals and its own store buffer (a buffered store under
    // TSO), and reads no memory. A step made only of such instructions
    // commutes with every step of another CPU (partial-order reduction).
    // Fences and core syncs count: they only wait for the CPU's own buffer.
    std::vector<bool> local;
};

CodeFacts analyse_code(const ir::Program& program);

} // namespace shootdown::machine
