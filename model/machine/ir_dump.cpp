#include "model/machine/ir_dump.hpp"

#include <fmt/format.h>

#include "model/ir/analysis/cfg.hpp"
#include "model/ir/analysis/footprint.hpp"
#include "model/ir/analysis/liveness.hpp"
#include "model/ir/memory_models.hpp"
#include "model/ir/registry.hpp"
#include "model/machine/code_facts.hpp"
#include "model/machine/format.hpp"

namespace shootdown::machine {

namespace {

using ir::Role;

std::string operand_text(const ir::Program& p, Role role, std::uint32_t v, std::uint32_t next) {
    if (v == ir::kNone) return "";
    switch (role) {
    case Role::None:
    case Role::Count:
        return "";
    case Role::Expr:
    case Role::Target:
    case Role::Update:
        return expression_text(p, v);
    case Role::Pc:
        return fmt::format("-> {}", v);
    case Role::ForkList: {
        std::vector<std::uint32_t> targets(p.fork_targets.begin() + v,
                                           p.fork_targets.begin() + v + next);
        return fmt::format("-> {}", fmt::join(targets, " | "));
    }
    case Role::ZeroList: {
        std::vector<std::string> names;
        for (std::uint32_t k = 0; k < next; ++k)
            names.push_back(p.locals[p.zero_lists[v + k]].name);
        return fmt::format("{{{}}}", fmt::join(names, ", "));
    }
    case Role::LocalOut:
        return fmt::format("=> {}", p.locals[v].name);
    case Role::Handler:
        return p.irq_handlers[v].name;
    case Role::Property:
        return fmt::format("'{}'", p.asserts[v].first);
    }
    return "";
}

std::string footprint_text(const ir::Program& p, const ir::analysis::Footprint& f) {
    std::vector<std::string> parts;
    for (const ir::analysis::VariableAccess& a : f.accesses) {
        const ir::Variable& v = p.variables[a.variable];
        std::string name = v.name;
        for (std::size_t k = 0; k < v.index_types.size(); ++k) {
            const auto& i = a.index[k];
            name += i.kind == ir::analysis::IndexPattern::Kind::Any ? "[*]"
                    : i.kind == ir::analysis::IndexPattern::Kind::ThisCpu
                        ? "[this_cpu]"
                        : fmt::format("[{}]", i.value);
        }
        parts.push_back((a.write ? "W " : "R ") + name);
    }
    if (f.other_cpus) parts.emplace_back("W other CPUs' pending IPIs");
    return fmt::format("{}", fmt::join(parts, ", "));
}

// What the dump shows beside the code, computed once.
struct Facts {
    CodeFacts code;
    std::vector<ir::analysis::Footprint> footprints;
    ir::analysis::Liveness liveness;
};

// The locals live at a resting point: what the state must keep there.
std::string live_text(const ir::Program& p, const Facts& f, std::uint32_t pc) {
    std::vector<std::string> names;
    for (std::uint32_t l = 0; l < p.locals.size(); ++l)
        if (f.liveness.live_at(pc, l)) names.push_back(p.locals[l].name);
    return names.empty() ? "" : fmt::format("  live: {}", fmt::join(names, ", "));
}

void dump_context(const ir::Program& p, const Facts& f, const std::string& title,
                  std::uint32_t entry, std::string& out) {
    out += fmt::format("\n{} (entry {}):\n", title, entry);
    const std::vector<bool> reached = ir::analysis::reachable_from(p, {entry});
    std::vector<std::uint32_t> pcs;
    for (std::uint32_t pc = 0; pc < p.code.size(); ++pc)
        if (reached[pc]) pcs.push_back(pc);
    for (std::uint32_t pc : pcs) {
        const ir::Instr& in = p.code[pc];
        const ir::InstrInfo& info = ir::info(in.kind);
        const auto ops = ir::operands(in);
        std::vector<std::string> args;
        for (std::size_t k = 0; k < 4; ++k) {
            std::string t = operand_text(p, info.roles[k], ops[k], k + 1 < 4 ? ops[k + 1] : 0);
            if (!t.empty()) args.push_back(t);
        }
        const bool resting = f.code.has(pc, CodeFacts::kEndsStep);
        const char* local = f.code.has(pc, CodeFacts::kLocal) ? "L" : " ";
        std::string fps = footprint_text(p, f.footprints[pc]);
        out +=
            fmt::format("  {}{}{:>5}  {:<12} {:<40} {}{}{}\n", resting ? "*" : " ", local, pc,
                        info.name, fmt::join(args, "  "), location_text(p, in.span),
                        fps.empty() ? "" : "  {" + fps + "}", resting ? live_text(p, f, pc) : "");
    }
}

void dump_layout(const ir::Program& p, std::string& out) {
    out += fmt::format("memory model: {}; state: {} bits ({} bytes), {} CPUs\n",
                       ir::info(p.memory).title, p.state_bits, p.state_bytes(), p.cpus);
    out += "globals (bit offset, width x elements):\n";
    for (const ir::Variable& v : p.variables)
        out +=
            fmt::format("  {:>6}  {:>2} x {:<4} {}\n", v.offset, v.width, v.element_count, v.name);
    const ir::CpuLayout& c = p.cpu;
    out += fmt::format("CPU blocks at {} + cpu * {} bits: main_pc {}/{}, irqs_off {}/{}",
                       c.block_offset, c.block_bits, c.main_pc.offset, c.main_pc.width,
                       c.irqs_off.offset, c.irqs_off.width);
    if (c.sb_capacity != 0)
        out += fmt::format(", store buffer {} entries at {}", c.sb_capacity, c.sb_entries);
    out += "\nlocals (context block offset, width):\n";
    for (const ir::Local& l : p.locals)
        out += fmt::format("  {:>6}  {:>2}  {}{}\n", l.offset, l.width, l.name,
                           l.temporary ? " (temporary)" : "");
}

} // namespace

std::string expression_text(const ir::Program& p, ir::ExprId e) {
    if (e == ir::kNone) return "";
    const ir::ExprNode& n = p.exprs[e];
    const ir::OpInfo& info = ir::info(n.op);
    auto sub = [&](ir::ExprId x) { return expression_text(p, x); };
    switch (info.shape) {
    case ir::Shape::Leaf:
        if (n.op == ir::Op::Const) return std::to_string(n.value);
        if (n.op == ir::Op::Local) return p.locals[n.a].name;
        if (n.op == ir::Op::Bound) return fmt::format("bound{}", n.a);
        return std::string(info.spelling);
    case ir::Shape::Indexes: {
        std::string s = p.variables[n.a].name;
        for (ir::ExprId x : {n.b, n.c, n.d})
            if (x != ir::kNone) s += "[" + sub(x) + "]";
        return s;
    }
    case ir::Shape::Unary:
        return fmt::format("{}({})", info.spelling, sub(n.a));
    case ir::Shape::Binary:
        return fmt::format("({} {} {})", sub(n.a), info.spelling, sub(n.b));
    case ir::Shape::Ternary:
        return fmt::format("({} ? {} : {})", sub(n.a), sub(n.b), sub(n.c));
    case ir::Shape::Binder:
        return fmt::format("{} {}. {}", info.spelling, p.bound_names[n.d].first, sub(n.b));
    }
    return "";
}

std::string dump_ir(const ir::Program& p) {
    std::string out;
    dump_layout(p, out);
    const Facts f{analyse_code(p), ir::analysis::footprints(p), ir::analysis::liveness(p)};
    out += "\ncode (* a resting point: a step may end before it, with the locals live there;"
           " L CPU-local for --por):\n";
    dump_context(p, f, "process", p.process_entry, out);
    for (const ir::Handler& h : p.irq_handlers)
        dump_context(p, f, "interrupt handler " + h.name, h.entry, out);
    for (const ir::Handler& h : p.hardware_actions)
        dump_context(p, f, "hardware action " + h.name, h.entry, out);
    return out;
}

} // namespace shootdown::machine
