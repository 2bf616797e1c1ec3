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
bool reaches_itself(const ir::Program& p, const CodeFacts& facts, std::uint32_t choice) {
    std::vector<bool> seen(p.code.size(), false);
    std::vector<std::uint32_t> work;
    next_pcs(p, choice, work);
    while (!work.empty()) {
        const std::uint32_t pc = work.back();
        work.pop_back();
        if (pc >= p.code.size() || seen[pc]) continue;
        if (pc == choice) return true;
        seen[pc] = true;
        if (facts.has(pc, CodeFacts::kBoundary)) continue;
        next_pcs(p, pc, work);
    }
    return false;
}

bool reads_memory(const ir::Program& p, ir::ExprId id) {
    if (id == ir::kNone) return false;
    const ir::ExprNode& n = p.exprs[id];
    if (n.op == ir::Op::Global) return true;
    if (n.op == ir::Op::Const || n.op == ir::Op::Local || n.op == ir::Op::ThisCpu ||
        n.op == ir::Op::Bound)
        return false;
    if (n.op == ir::Op::Forall || n.op == ir::Op::Exists) return reads_memory(p, n.b);
    return reads_memory(p, n.a) || reads_memory(p, n.b) || reads_memory(p, n.c) ||
           reads_memory(p, n.d);
}

// An assignment target the process can write without anyone else seeing:
// its own local, or (TSO) a shared variable, which goes to its store buffer.
bool private_target(const ir::Program& p, ir::ExprId target) {
    const ir::ExprNode& n = p.exprs[target];
    if (n.op == ir::Op::Local) return true;
    if (n.op != ir::Op::Global || p.memory != ir::MemoryModel::TSO) return false;
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
    default:
        return false;
    }
}

} // namespace

CodeFacts analyse_code(const ir::Program& program) {
    CodeFacts facts;
    const bool tso = program.memory == ir::MemoryModel::TSO;
    for (const ir::Instr& in : program.code) {
        std::uint8_t f = 0;
        bool access = in.touches_memory;
        if (!tso && (in.kind == InstrKind::Fence || in.kind == InstrKind::SyncCore)) access = false;
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
