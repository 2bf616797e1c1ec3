// The walks behind PorFootprints: one step from a resting point (as the
// interpreter runs it, model/machine/interpreter_run.hpp), everything
// reachable from a point (over the control-flow graph's strongly connected
// components), and what the properties read.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <optional>

#include "model/ir/analysis/cfg.hpp"
#include "model/ir/analysis/operands.hpp"
#include "model/reduce/por_footprints.hpp"

namespace shootdown::reduce {

namespace {

using machine::CodeFacts;

// Deeper atomic nesting than this is treated as this deep (it only decides
// where a step may end, and a deeper block ends nowhere sooner).
constexpr std::uint32_t kMaxDepth = 7;

struct WalkPoint {
    std::uint32_t pc;
    bool accessed;       // the step made its memory access: it ends at the next kEndsStep
    std::uint32_t depth; // atomic nesting
};

// Invariants and statistics are evaluated with no running CPU; one that
// read a CPU's locals or interrupt state would make every local step
// visible, which the reduction does not track: it gives up instead.
bool reads_cpu_state(const ir::Program& p, ir::ExprId e) {
    bool found = false;
    ir::analysis::for_each_node(p, e, [&](const ir::ExprNode& n) {
        found = found || n.op == ir::Op::Local || n.op == ir::Op::IrqsDisabled ||
                n.op == ir::Op::InIrq || n.op == ir::Op::ThisCpu;
    });
    return found;
}

// The value of `e` if it depends on nothing but constants and this_cpu
// (`if (this_cpu == 0)`), so a CPU's walks skip the branch it never takes.
std::optional<std::int64_t> static_value(const ir::Program& p, ir::ExprId e, std::uint32_t cpu) {
    if (e == ir::kNone) return std::nullopt;
    const ir::ExprNode& n = p.exprs[e];
    using ir::Op;
    if (n.op == Op::Const) return n.value;
    if (n.op == Op::ThisCpu) return cpu;
    const bool folded = n.op == Op::Not || n.op == Op::Eq || n.op == Op::Ne || n.op == Op::Lt ||
                        n.op == Op::Le || n.op == Op::Gt || n.op == Op::Ge || n.op == Op::And ||
                        n.op == Op::Or;
    if (!folded) return std::nullopt; // operands of other nodes need not be expressions
    const std::optional<std::int64_t> a = static_value(p, n.a, cpu);
    if (!a) return std::nullopt;
    if (n.op == Op::Not) return *a == 0;
    const std::optional<std::int64_t> b = static_value(p, n.b, cpu);
    if (!b) return std::nullopt;
    // Only comparisons and logic are folded; anything else keeps both edges.
    if (n.op == Op::Eq) return *a == *b;
    if (n.op == Op::Ne) return *a != *b;
    if (n.op == Op::Lt) return *a < *b;
    if (n.op == Op::Le) return *a <= *b;
    if (n.op == Op::Gt) return *a > *b;
    if (n.op == Op::Ge) return *a >= *b;
    if (n.op == Op::And) return *a != 0 && *b != 0;
    if (n.op == Op::Or) return *a != 0 || *b != 0;
    return std::nullopt;
}

} // namespace

// next_pcs() on `cpu`: a branch on this_cpu alone goes one way.
void PorFootprints::next_on(std::uint32_t cpu, std::uint32_t pc,
                            std::vector<std::uint32_t>& out) const {
    const std::size_t first = out.size();
    ir::analysis::next_pcs(p_, pc, out);
    const ir::Instr& in = p_.code[pc];
    if (in.kind != ir::InstrKind::Branch || out.size() != first + 2) return;
    const std::optional<std::int64_t> holds = static_value(p_, in.a, cpu);
    if (!holds) return;
    if (*holds == 0) out[first] = out[first + 1]; // if !a goto b
    out.pop_back();
}

// The run loop's rule: a step that made its access stops before the next
// access or choice, outside atomic blocks; it also ends at the end of its
// code. Everything on the way is in the step.
StepFootprint PorFootprints::walk_step(std::uint32_t cpu, std::uint32_t pc,
                                       const std::vector<Instruction>& code,
                                       WalkScratch& scratch) const {
    StepFootprint step{};
    step.known = true;
    Access buffered{};
    std::vector<bool>& seen = scratch.seen;
    seen.resize(static_cast<std::size_t>(code_size_) * 2 * (kMaxDepth + 1), false);
    std::vector<std::size_t>& marked = scratch.marked; // to clear `seen` after the walk
    std::vector<WalkPoint> work{{pc, false, 0}};
    std::vector<std::uint32_t> next;
    while (!work.empty()) {
        const WalkPoint at = work.back();
        work.pop_back();
        if (at.pc >= code_size_) continue;
        const std::size_t key =
            (static_cast<std::size_t>(at.pc) * 2 + at.accessed) * (kMaxDepth + 1) + at.depth;
        if (seen[key]) continue;
        seen[key] = true;
        marked.push_back(key);
        if (at.accessed && at.depth == 0 && facts_.has(at.pc, CodeFacts::kEndsStep)) continue;
        const Instruction& in = code[at.pc];
        step.access |= in.now;
        buffered |= in.eventual;
        step.drains = step.drains || ((in.settles || in.buffers) && at.depth > 0);
        const ir::InstrKind kind = p_.code[at.pc].kind;
        std::uint32_t depth = at.depth;
        if (kind == ir::InstrKind::AtomicBegin) depth = std::min(depth + 1, kMaxDepth);
        if (kind == ir::InstrKind::AtomicEnd && depth > 0) --depth;
        const bool accessed = at.accessed || facts_.has(at.pc, CodeFacts::kBoundary);
        next.clear();
        next_on(cpu, at.pc, next);
        for (std::uint32_t to : next)
            work.push_back({to, accessed, depth});
    }
    for (std::size_t key : marked)
        seen[key] = false;
    marked.clear();
    // Settling in an atomic block drains the buffer in place, this step's
    // own stores included.
    if (step.drains) step.access.writes |= buffered.writes;
    return step;
}

// Everything reachable from `pc` may still run: the union over the
// condensation of the control-flow graph, sinks first (Tarjan's algorithm
// numbers components in reverse topological order).
void PorFootprints::compute_futures(std::uint32_t cpu, const std::vector<Instruction>& code) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    Graph g(code_size_);
    std::vector<std::uint32_t> next;
    for (std::uint32_t pc = 0; pc < code_size_; ++pc) {
        next.clear();
        next_on(cpu, pc, next);
        for (std::uint32_t to : next)
            if (to < code_size_) boost::add_edge(pc, to, g);
    }
    std::vector<std::uint32_t> component(code_size_);
    const auto count = static_cast<std::uint32_t>(boost::strong_components(
        g,
        boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g))));
    std::vector<std::vector<std::uint32_t>> members(count);
    for (std::uint32_t pc = 0; pc < code_size_; ++pc)
        members[component[pc]].push_back(pc);
    std::vector<Access> reach(count);
    std::vector<bool> drains(count, false);
    for (std::uint32_t c = 0; c < count; ++c) {
        for (std::uint32_t pc : members[c]) {
            reach[c] |= code[pc].eventual;
            if (steps_[cpu * code_size_ + pc].drains) drains[c] = true;
            next.clear();
            next_on(cpu, pc, next);
            for (std::uint32_t to : next) {
                if (to >= code_size_ || component[to] == c) continue;
                if (component[to] > c) usable_ = false; // not the order relied on
                reach[c] |= reach[component[to]];
                if (drains[component[to]]) drains[c] = true;
            }
        }
    }
    for (std::uint32_t pc = 0; pc < code_size_; ++pc) {
        futures_[cpu * code_size_ + pc] = reach[component[pc]];
        future_drains_[cpu * code_size_ + pc] = drains[component[pc]];
    }
}

Access PorFootprints::reachable_union(std::uint32_t cpu, std::uint32_t entry,
                                      const std::vector<Instruction>& code, bool* drains) const {
    Access all{};
    std::vector<bool> seen(code_size_, false);
    std::vector<std::uint32_t> work{entry};
    while (!work.empty()) {
        const std::uint32_t pc = work.back();
        work.pop_back();
        if (pc >= code_size_ || seen[pc]) continue;
        seen[pc] = true;
        all |= code[pc].eventual;
        if (drains != nullptr && steps_[cpu * code_size_ + pc].drains) *drains = true;
        next_on(cpu, pc, work);
    }
    return all;
}

// Invariants and statistics read whole variables here (their indexes are
// usually bound variables); a step that fails an assertion is visible too.
void PorFootprints::compute_visible() {
    auto add = [&](ir::ExprId e) {
        if (reads_cpu_state(p_, e)) usable_ = false;
        ir::analysis::for_each_node(p_, e, [&](const ir::ExprNode& n) {
            if (n.op != ir::Op::Global) return;
            for (std::uint32_t i = 0; i < p_.variables[n.a].element_count; ++i)
                visible_.add(element(n.a, i));
        });
    };
    for (const ir::Invariant& inv : p_.invariants)
        add(inv.expr);
    for (const ir::Invariant& s : p_.statistics)
        add(s.expr);
    visible_.add(assertions_);
}

} // namespace shootdown::reduce
