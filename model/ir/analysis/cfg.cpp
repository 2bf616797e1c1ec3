#include "model/ir/analysis/cfg.hpp"

#include "model/ir/registry.hpp"

namespace shootdown::ir::analysis {

namespace {

// The operand index holding a role, or 4 if the kind has none.
std::size_t operand_with(const InstrInfo& info, Role role) {
    std::size_t k = 0;
    while (k < info.roles.size() && info.roles[k] != role)
        ++k;
    return k;
}

} // namespace

void next_pcs(const Program& p, std::uint32_t pc, std::vector<std::uint32_t>& out) {
    const Instr& in = p.code[pc];
    const InstrInfo& i = info(in.kind);
    const auto ops = operands(in);
    switch (i.flow) {
    case Flow::Next:
        out.push_back(pc + 1);
        return;
    case Flow::Goto:
        out.push_back(ops[operand_with(i, Role::Pc)]);
        return;
    case Flow::NextOrPc:
        out.push_back(pc + 1);
        out.push_back(ops[operand_with(i, Role::Pc)]);
        return;
    case Flow::Targets: {
        const std::size_t k = operand_with(i, Role::ForkList);
        for (std::uint32_t j = 0; j < ops[k + 1]; ++j)
            out.push_back(p.fork_targets[ops[k] + j]);
        return;
    }
    case Flow::End:
        return;
    }
}

std::vector<std::uint32_t> next_pcs(const Program& p, std::uint32_t pc) {
    std::vector<std::uint32_t> out;
    next_pcs(p, pc, out);
    return out;
}

std::vector<bool> reachable_pcs(const Program& p) {
    std::vector<std::uint32_t> entries{p.process_entry};
    for (const Handler& h : p.irq_handlers)
        entries.push_back(h.entry);
    for (const Handler& h : p.hardware_actions)
        entries.push_back(h.entry);
    return reachable_from(p, std::move(entries));
}

std::vector<bool> reachable_from(const Program& p, std::vector<std::uint32_t> work) {
    std::vector<bool> seen(p.code.size(), false);
    while (!work.empty()) {
        const std::uint32_t pc = work.back();
        work.pop_back();
        if (pc >= p.code.size() || seen[pc]) continue;
        seen[pc] = true;
        next_pcs(p, pc, work);
    }
    return seen;
}

} // namespace shootdown::ir::analysis
