#include "model/machine/code_facts.hpp"

#include "model/ir/analysis/cfg.hpp"
#include "model/ir/analysis/operands.hpp"
#include "model/ir/memory_models.hpp"
#include "model/ir/registry.hpp"

namespace shootdown::machine {

namespace {

using ir::InstrKind;
using ir::analysis::reads_memory;

// True if `choice` is reachable from itself along instructions that make no
// access (an access in between ends the step before the choice comes again).
bool reaches_itself(const ir::Program& p, const CodeFacts& facts, std::uint32_t choice) {
    std::vector<bool> seen(p.code.size(), false);
    std::vector<std::uint32_t> work;
    ir::analysis::next_pcs(p, choice, work);
    while (!work.empty()) {
        const std::uint32_t pc = work.back();
        work.pop_back();
        if (pc >= p.code.size() || seen[pc]) continue;
        if (pc == choice) return true;
        seen[pc] = true;
        if (facts.has(pc, CodeFacts::kBoundary)) continue;
        ir::analysis::next_pcs(p, pc, work);
    }
    return false;
}

// An assignment target the process can write without anyone else seeing:
// its own local, or a shared variable under a memory model that buffers
// stores (the store goes to the CPU's own buffer).
bool private_target(const ir::Program& p, ir::ExprId target) {
    const ir::ExprNode& n = p.exprs[target];
    if (n.op == ir::Op::Local) return true;
    if (n.op != ir::Op::Global || !ir::info(p.memory).buffers_stores) return false;
    if (p.variables[n.a].storage != ir::Storage::Shared) return false;
    return !reads_memory(p, n.b) && !reads_memory(p, n.c) && !reads_memory(p, n.d);
}

bool is_local(const ir::Program& p, const ir::Instr& in) {
    switch (in.kind) {
    case InstrKind::Jump:
    case InstrKind::Fork:
    case InstrKind::Choose:
    case InstrKind::AtomicBegin:
    case InstrKind::AtomicEnd:
    case InstrKind::ZeroLocals:
    case InstrKind::Halt:
    case InstrKind::Fence:
    case InstrKind::SyncCore:
        return true;
    case InstrKind::Assign:
        return private_target(p, in.a) && !reads_memory(p, in.b);
    case InstrKind::Branch:
    case InstrKind::Await:
    case InstrKind::Filter:
    case InstrKind::Assert:
        return !reads_memory(p, in.a);
    case InstrKind::Rmw:         // memory, locked
    case InstrKind::IpiSend:     // another CPU's pending slot
    case InstrKind::IpiWait:     // reads other CPUs' pending slots
    case InstrKind::IrqDisable:  // changes which interrupts can be taken
    case InstrKind::IrqEnable:   //
    case InstrKind::IrqRestore:  //
    case InstrKind::Iret:        // acknowledges the sender
    case InstrKind::HardwareEnd: // not process code
        return false;
    }
    return false;
}

} // namespace

CodeFacts analyse_code(const ir::Program& program) {
    CodeFacts facts;
    const bool fences_wait = ir::info(program.memory).fences_wait;
    for (const ir::Instr& in : program.code) {
        std::uint8_t f = 0;
        bool access = in.touches_memory;
        if (!fences_wait && (in.kind == InstrKind::Fence || in.kind == InstrKind::SyncCore))
            access = false;
        const bool choice = in.kind == InstrKind::Fork || in.kind == InstrKind::Choose;
        if (access) f |= CodeFacts::kBoundary;
        if (choice) f |= CodeFacts::kChoice;
        if (access || choice || in.kind == InstrKind::Halt) f |= CodeFacts::kEndsStep;
        if (is_local(program, in)) f |= CodeFacts::kLocal;
        facts.flags.push_back(f);
    }
    for (std::uint32_t pc = 0; pc < program.code.size(); ++pc)
        if (facts.has(pc, CodeFacts::kChoice) && reaches_itself(program, facts, pc))
            facts.flags[pc] |= CodeFacts::kRepeatableChoice;
    return facts;
}

} // namespace shootdown::machine
