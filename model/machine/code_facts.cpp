#include "model/machine/code_facts.hpp"

namespace shootdown::machine {

namespace {

using ir::InstrKind;

// The pcs control can go to after `pc` within the same step (not across a
// step's end: Halt, HardwareEnd and Iret end the context's run).
void next_pcs(const ir::Program& p, std::uint32_t pc, std::vector<std::uint32_t>& out) {
    const ir::Instr& in = p.code[pc];
    switch (in.kind) {
    case InstrKind::Jump:
        out.push_back(in.a);
        return;
    case InstrKind::Branch:
        out.push_back(pc + 1);
        out.push_back(in.b);
        return;
    case InstrKind::Fork:
        for (std::uint32_t k = 0; k < in.b; ++k)
            out.push_back(p.fork_targets[in.a + k]);
        return;
    case InstrKind::Halt:
    case InstrKind::HardwareEnd:
    case InstrKind::Iret:
        return;
    default:
        out.push_back(pc + 1);
        return;
    }
}

// True if `choice` is reachable from itself along instructions that make no
// access (an access in between ends the step before the choice comes again).
bool reaches_itself(const ir::Program& p, const std::vector<bool>& boundary, std::uint32_t choice) {
    std::vector<bool> seen(p.code.size(), false);
    std::vector<std::uint32_t> work;
    next_pcs(p, choice, work);
    while (!work.empty()) {
        const std::uint32_t pc = work.back();
        work.pop_back();
        if (pc >= p.code.size() || seen[pc]) continue;
        if (pc == choice) return true;
        seen[pc] = true;
        if (boundary[pc]) continue;
        next_pcs(p, pc, work);
    }
    return false;
}

} // namespace

CodeFacts analyse_code(const ir::Program& program) {
    CodeFacts facts;
    const bool tso = program.memory == ir::MemoryModel::TSO;
    for (const ir::Instr& in : program.code) {
        bool b = in.touches_memory;
        if (!tso && (in.kind == InstrKind::Fence || in.kind == InstrKind::SyncCore)) b = false;
        facts.boundary.push_back(b);
    }
    facts.repeatable_choice.assign(program.code.size(), false);
    for (std::uint32_t pc = 0; pc < program.code.size(); ++pc) {
        const InstrKind k = program.code[pc].kind;
        if (k == InstrKind::Fork || k == InstrKind::Choose)
            facts.repeatable_choice[pc] = reaches_itself(program, facts.boundary, pc);
    }
    return facts;
}

} // namespace shootdown::machine
