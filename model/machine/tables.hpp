// Everything the interpreter reads while it runs, computed once per Program,
// and the evaluation context of one running CPU. Shared by every memory
// model's instantiation of the interpreter (interpreter.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"
#include "model/machine/code_facts.hpp"
#include "model/machine/field_plan.hpp"
#include "model/machine/layout.hpp"

namespace shootdown::machine {

// Everything an access to a variable needs, in one cache-friendly record.
struct VariableAccess {
    std::uint32_t offset = 0, first_location = ir::kNone;
    std::uint8_t width = 0, dims = 0;
    ir::Storage storage = ir::Storage::Shared;
    bool serializing = false;
    std::int64_t lo = 0, hi = 0;
    std::uint32_t extent[3] = {1, 1, 1};
    std::int64_t index_lo[3] = {0, 0, 0};
};

struct Range {
    std::int64_t lo = 0, hi = 0;
};

struct Tables {
    explicit Tables(const ir::Program& p);

    const ir::Program& program;
    Layout layout;
    std::vector<VariableAccess> variables;
    std::vector<Range> local_ranges;
    CodeFacts facts;
    std::vector<FieldPlan> plans; // per expression node

    // Where the process (irq false) or the handler of `cpu` rests.
    [[nodiscard]] std::uint32_t pc(const std::byte* state, std::uint32_t cpu, bool irq) const {
        const auto& c = layout.cpu();
        return static_cast<std::uint32_t>(
            get_field(state, layout.at(irq ? c.irq_pc : c.main_pc, cpu)));
    }
    [[nodiscard]] bool in_irq(const std::byte* state, std::uint32_t cpu) const {
        return get_field(state, layout.at(layout.cpu().irq_active, cpu)) != 0;
    }
    // The value of element `element` of variable `var` in memory (not buffers).
    [[nodiscard]] std::int64_t read_variable(const std::byte* state, std::uint32_t var,
                                             std::uint32_t element) const {
        const VariableAccess& v = variables[var];
        return static_cast<std::int64_t>(
                   ir::get_bits(state, v.offset + element * v.width, v.width)) +
               v.lo;
    }
};

// How the code of one context on one CPU sees the state while it runs.
struct Env {
    std::byte* state = nullptr;
    std::size_t slot = 0;
    std::uint32_t cpu = 0;
    std::uint32_t cpu_base = 0;        // bit offset of the CPU's block
    std::uint32_t sb_count_offset = 0; // bit offset of its store-buffer count (if any)
    bool has_cpu = false;
    bool in_irq = false;
    // Program loads and stores go through the memory model's per-CPU state
    // (store buffers); the MMU's walks (hardware actions) see memory only.
    bool buffered = false;
    bool atomic = false;   // inside an atomic block
    bool drained = false;  // the step drained the store buffer in place
    std::int64_t bound[8]; // quantified variables, written before they are read
    ir::BuiltinCheck error = ir::BuiltinCheck::Count; // Count: no error
    [[nodiscard]] bool failed() const { return error != ir::BuiltinCheck::Count; }
};

// What a write or a memory operation did.
enum WriteResult { kOk = 0, kBlocked = 1, kError = 2 };

} // namespace shootdown::machine
