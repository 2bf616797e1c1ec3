#include "model/reduce/por_system.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "model/machine/step_groups.hpp"

namespace shootdown::reduce {

namespace {

enum class Kind : std::uint8_t { Statement, Take, Hardware, Drain };

constexpr std::uint64_t bit(std::uint32_t i) {
    return std::uint64_t{1} << i;
}

// A drain and its own CPU's process and handler steps commute: loads read
// the newest buffered value either way, stores append behind it, and a
// settling step drains the rest itself.
bool commute_on_cpu(const Kind a, const Kind b) {
    const bool code_a = a == Kind::Statement || a == Kind::Take;
    const bool code_b = b == Kind::Statement || b == Kind::Take;
    return (a == Kind::Drain && code_b) || (b == Kind::Drain && code_a);
}

} // namespace

// One transition in one state: what its next step does (now), everything it
// and the steps it stands for may still do (future).
// Trivially constructible (describe_items() sets every field it reads).
struct PartialOrderSystem::Item {
    Kind kind;
    std::uint32_t cpu, sender;
    bool enabled;
    bool blocked_by_irqs; // a take: the CPU is in a handler or has IRQs off
    Access now, future;
};

PartialOrderSystem::PartialOrderSystem(const checker::TransitionSystem& inner,
                                       const machine::Machine& machine)
    : ForwardingSystem(inner), machine_(machine), footprints_(machine.program()),
      cpus_(machine.program().cpus),
      per_cpu_(machine::StepGroups{
          cpus_, static_cast<std::uint32_t>(machine.program().hardware_actions.size())}
                   .per_cpu()),
      items_(cpus_ * per_cpu_), usable_(footprints_.usable() && items_ <= 64) {}

PorCounts PartialOrderSystem::counts() const {
    PorCounts c{states_.load(std::memory_order_relaxed),
                enabled_.load(std::memory_order_relaxed),
                chosen_.load(std::memory_order_relaxed),
                reduced_.load(std::memory_order_relaxed),
                {}};
    for (std::uint32_t o = 0; o < footprints_.object_count(); ++o)
        if (const std::uint64_t n = conflicts_[o].load(std::memory_order_relaxed); n != 0)
            c.conflicts.emplace_back(footprints_.object_name(o), n);
    std::stable_sort(c.conflicts.begin(), c.conflicts.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return c;
}

// The elements waiting in `cpu`'s store buffer (or only the oldest): a
// drain writes them to memory.
void PartialOrderSystem::add_buffer(const std::byte* state, std::uint32_t cpu, Access& a,
                                    bool head_only) const {
    const machine::Layout& layout = machine_.layout();
    const auto& c = layout.cpu();
    if (c.sb_capacity == 0) return;
    const auto n = static_cast<std::uint32_t>(get_field(state, layout.at(c.sb_count, cpu)));
    for (std::uint32_t i = 0; i < n && (!head_only || i == 0); ++i) {
        const auto location =
            static_cast<std::uint32_t>(get_field(state, layout.sb_location(cpu, i)));
        a.writes.add(footprints_.location_object(location));
    }
}

bool PartialOrderSystem::describe_items(const std::byte* state, Item* items) const {
    const machine::Layout& layout = machine_.layout();
    const auto& c = layout.cpu();
    const bool irqs = !machine_.program().irq_handlers.empty();
    const auto actions = static_cast<std::uint32_t>(machine_.program().hardware_actions.size());
    for (std::uint32_t d = 0; d < cpus_; ++d) {
        Item* it = items + d * per_cpu_;
        const bool in_irq = irqs && machine_.in_irq(state, d);
        const bool irqs_off = irqs && get_field(state, layout.at(c.irqs_off, d)) != 0;
        const std::uint32_t pc = machine_.pc(state, d, in_irq);
        it[0].kind = Kind::Statement;
        it[0].cpu = d;
        const StepFootprint& step = footprints_.step(d, pc);
        if (!step.known) return false; // not a resting point: nothing to reason with
        it[0].now = step.access;
        if (step.drains) add_buffer(state, d, it[0].now, false);
        it[0].future = footprints_.future(d, pc);
        bool drains = footprints_.future_drains(d, pc);
        if (in_irq) {
            const std::uint32_t main_pc = machine_.pc(state, d, false);
            it[0].future |= footprints_.future(d, main_pc);
            drains = drains || footprints_.future_drains(d, main_pc);
        }
        it[0].future |= it[0].now;
        // Only a drain in place makes the CPU's own code write what is
        // buffered now; otherwise the drain steps do.
        if (drains) add_buffer(state, d, it[0].future, false);
        for (std::uint32_t s = 0; s < cpus_; ++s) {
            Item& take = it[1 + s];
            take.kind = Kind::Take;
            take.cpu = d;
            take.sender = s;
            take.blocked_by_irqs = in_irq || irqs_off;
            take.now = footprints_.take(d, s);
            take.future = take.now;
            if (irqs) take.future |= footprints_.handlers(d);
            if (irqs && footprints_.handlers_drain(d)) add_buffer(state, d, take.future, false);
        }
        for (std::uint32_t h = 0; h < actions; ++h) {
            Item& hw = it[1 + cpus_ + h];
            hw.kind = Kind::Hardware;
            hw.cpu = d;
            hw.now = footprints_.hardware(d, h);
            hw.future = hw.now;
        }
        Item& drain = it[1 + cpus_ + actions];
        drain.kind = Kind::Drain;
        drain.cpu = d;
        drain.now = Access{};
        drain.future = Access{};
        add_buffer(state, d, drain.now, true);
        add_buffer(state, d, drain.future, false);
    }
    return true;
}

// What an enabled transition `t` drags into the set: every transition whose
// future conflicts with its step, and, if it is visible, every transition
// that may be visible. Taking an IPI stops the CPU's statement, so it drags
// that in too; the statement does not drag the takes (an interrupt that
// touches nothing the statement touches runs as well before it as after).
std::uint64_t PartialOrderSystem::pulls(const Item* items, std::uint32_t t) const {
    const Item& me = items[t];
    std::uint64_t mask = 0;
    const std::size_t words = footprints_.words();
    const bool visible = me.now.writes.meets(footprints_.visible(), words);
    for (std::uint32_t u = 0; u < items_; ++u) {
        if (u == t) continue;
        const Item& other = items[u];
        if (other.cpu == me.cpu && commute_on_cpu(me.kind, other.kind)) continue;
        if (me.now.conflicts(other.future, words) ||
            (visible && other.future.writes.meets(footprints_.visible(), words)))
            mask |= bit(u);
    }
    if (me.kind == Kind::Take) mask |= bit(me.cpu * per_cpu_);
    return mask;
}

// A necessary enabling set of a disabled transition: transitions one of
// which must run before it can.
std::uint64_t PartialOrderSystem::enabling_set(const Item* items, std::uint32_t t) const {
    const Item& me = items[t];
    const std::uint32_t statement = me.cpu * per_cpu_;
    const std::uint32_t drain = statement + per_cpu_ - 1;
    if (me.kind == Kind::Take && me.blocked_by_irqs) return bit(statement); // iret, irq enable
    std::uint64_t mask = 0;
    if (me.kind == Kind::Drain) { // only the CPU's own stores fill its buffer
        for (std::uint32_t u = statement; u < drain; ++u)
            if (items[u].kind != Kind::Hardware) mask |= bit(u);
        return mask;
    }
    if (me.kind == Kind::Statement && items[drain].enabled)
        mask |= bit(drain); // a fence or a full buffer waits for it
    ObjectSet needed = me.now.reads;
    needed |= me.now.writes; // a hardware action that would change nothing waits for a change
    for (std::uint32_t u = 0; u < items_; ++u)
        if (u != t && items[u].future.writes.meets(needed, footprints_.words())) mask |= bit(u);
    return mask;
}

std::uint64_t PartialOrderSystem::closure(const std::uint64_t* pull, std::uint32_t seed) const {
    std::uint64_t set = bit(seed), done = 0;
    while (set != done) {
        const auto t = static_cast<std::uint32_t>(std::countr_zero(set & ~done));
        done |= bit(t);
        set |= pull[t];
    }
    return set;
}

std::size_t PartialOrderSystem::persistent_sets(const std::byte* state,
                                                const checker::Successors& out,
                                                std::span<std::uint64_t> candidates) const {
    if (!usable_ || candidates.empty()) return 0;
    std::uint64_t enabled = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        // A step that breaks a property is reported as soon as it is seen.
        if (out.violation(i) != checker::kNoProperty) return 0;
        const std::uint32_t g = out.group(i);
        if (g == checker::Successors::kNoGroup || g > items_) return 0;
        enabled |= bit(g - 1);
    }
    if (std::popcount(enabled) <= 1) return 0;
    Item items[64];
    if (!describe_items(state, items)) return 0;
    std::uint64_t pull[64];
    for (std::uint32_t t = 0; t < items_; ++t)
        items[t].enabled = (enabled & bit(t)) != 0;
    for (std::uint32_t t = 0; t < items_; ++t)
        pull[t] = items[t].enabled ? pulls(items, t) : enabling_set(items, t);
    const std::size_t n = candidate_sets(pull, enabled, candidates);
    if (counting_) count(items, enabled, n == 0 ? enabled : candidates[0]);
    return n;
}

// The distinct closures smaller than the enabled set, fewest steps first
// (ties: the lower seed), as many as fit.
std::size_t PartialOrderSystem::candidate_sets(const std::uint64_t* pull, std::uint64_t enabled,
                                               std::span<std::uint64_t> out) const {
    std::array<std::uint64_t, 64> sets{};
    std::size_t n = 0;
    for (std::uint64_t seeds = enabled; seeds != 0; seeds &= seeds - 1) {
        const std::uint64_t set =
            closure(pull, static_cast<std::uint32_t>(std::countr_zero(seeds))) & enabled;
        if (set == enabled || std::find(sets.begin(), sets.begin() + n, set) != sets.begin() + n)
            continue;
        sets[n++] = set;
    }
    std::stable_sort(sets.begin(), sets.begin() + n, [](std::uint64_t a, std::uint64_t b) {
        return std::popcount(a) < std::popcount(b);
    });
    n = std::min(n, out.size());
    std::copy(sets.begin(), sets.begin() + n, out.begin());
    return n;
}

// --por-stats: the objects behind the conflicts that grew the chosen set
// (an enabled member's step against another member's future).
void PartialOrderSystem::count(const Item* items, std::uint64_t enabled,
                               std::uint64_t chosen) const {
    for (std::uint64_t ts = chosen; ts != 0; ts &= ts - 1) {
        const Item& t = items[std::countr_zero(ts)];
        for (std::uint64_t us = chosen & ~(ts & -ts); us != 0; us &= us - 1) {
            const Item& u = items[std::countr_zero(us)];
            if (u.cpu == t.cpu) continue;
            for (std::uint32_t o = 0; o < footprints_.object_count(); ++o) {
                const bool clash =
                    (t.now.writes.has(o) && (u.future.reads.has(o) || u.future.writes.has(o))) ||
                    (t.now.reads.has(o) && u.future.writes.has(o));
                if (clash) conflicts_[o].fetch_add(1, std::memory_order_relaxed);
            }
        }
    }
    states_.fetch_add(1, std::memory_order_relaxed);
    enabled_.fetch_add(std::popcount(enabled), std::memory_order_relaxed);
    chosen_.fetch_add(std::popcount(chosen), std::memory_order_relaxed);
    if (chosen != enabled) reduced_.fetch_add(1, std::memory_order_relaxed);
}

} // namespace shootdown::reduce
