// Per-instruction footprints: which global variables an instruction may read
// and write, per element where the index is static (a constant or
// this_cpu). Used by --self-check to hold the machine to them, and by the
// reductions to decide what commutes.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::ir::analysis {

// One index of an access: any value, a constant, or the running CPU.
struct IndexPattern {
    enum class Kind : std::uint8_t { Any, Constant, ThisCpu };
    Kind kind = Kind::Any;
    std::int64_t value = 0; // Constant: the index value (not minus lo)
};

struct VariableAccess {
    std::uint32_t variable = kNone;
    std::array<IndexPattern, 3> index{}; // the first Variable::index_types.size() are meaningful
    bool write = false;
};

// What an instruction may touch besides the running CPU's own pc, locals
// and (under a buffering memory model) its own store buffer.
struct Footprint {
    std::vector<VariableAccess> accesses;
    bool other_cpus = false; // writes another CPU's block (IPI send: its pending slot)
};

// The footprint of each instruction of p.code, in pc order.
[[nodiscard]] std::vector<Footprint> footprints(const Program& p);

// True if `access` may touch element `element` of its variable when run by `cpu`.
[[nodiscard]] bool covers(const Program& p, const VariableAccess& access, std::uint32_t element,
                          std::uint32_t cpu);

} // namespace shootdown::ir::analysis
