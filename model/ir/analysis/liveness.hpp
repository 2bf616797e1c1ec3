// Which locals are live before each instruction: a local is live where some
// path from there reads it before writing or resetting it. Over a resting
// point (where a step may stop) this says which locals the state must keep;
// the others hold their reset value or a value nothing will read.
#pragma once

#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::ir::analysis {

struct Liveness {
    // live[pc][local]: the local is live just before `pc` runs.
    std::vector<std::vector<bool>> live;

    [[nodiscard]] bool live_at(std::uint32_t pc, std::uint32_t local) const {
        return live[pc][local];
    }
};

[[nodiscard]] Liveness liveness(const Program& p);

// The locals instruction `in` reads (its operand expressions) and those it
// writes or resets (targets, results, ZeroLocals, its zero list).
void local_uses(const Program& p, const Instr& in, std::vector<std::uint32_t>& reads,
                std::vector<std::uint32_t>& writes);

} // namespace shootdown::ir::analysis
