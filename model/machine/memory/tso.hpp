// x86-TSO (Owens, Sarkar, Sewell, "A better x86 memory model: x86-TSO",
// TPHOLs 2009; Intel SDM vol. 3A §9.2): each CPU's stores to shared memory
// enter its FIFO store buffer and drain to memory later, as steps of their
// own; its loads read its newest buffered store to the location first
// (store-to-load forwarding). Fences (MFENCE, smp_mb), locked instructions,
// the IPI send (llist_add is a locked cmpxchg), IRET and serializing writes
// (CR3) wait for an empty buffer. Hardware state and ghost state are never
// buffered, and the MMU's walks (hardware actions) read memory only.
//
// The buffer holds at most CpuLayout::sb_capacity entries (--store-buffer):
// a store that finds it full waits for a drain, and bound_hits() counts how
// often, so a run can say whether the bound cut off any behaviour.
#pragma once

#include <atomic>

#include "model/machine/recorder.hpp"
#include "model/machine/tables.hpp"

namespace shootdown::machine::memory {

class Tso {
public:
    static constexpr ir::MemoryModel kModel = ir::MemoryModel::TSO;

    explicit Tso(const Tables& t) : t_(t) {}

    template <class Rec>
    bool forward(Env& env, std::uint32_t var, std::uint32_t element, std::int64_t& value,
                 Rec& rec) const {
        const VariableAccess& v = t_.variables[var];
        const std::uint32_t loc = v.first_location + element;
        for (std::uint32_t i = count(env.state, env.cpu); i-- > 0;) {
            if (static_cast<std::uint32_t>(
                    get_field(env.state, layout().sb_location(env.cpu, i))) != loc)
                continue;
            value = get_field(env.state, layout().sb_value(env.cpu, i)) + v.lo;
            if constexpr (Rec::enabled)
                rec.event(env.slot, {Event::Kind::Forward, var, element, value});
            return true;
        }
        return false;
    }

    // A planned read of shared memory bypasses forwarding only while the
    // buffer is empty.
    [[nodiscard]] bool direct_read_ok(const Env& env) const {
        return ir::get_bits(env.state, env.sb_count_offset, layout().cpu().sb_count.width) == 0;
    }

    // Appends the store to the buffer; `result` is kOk or kBlocked (full).
    template <class Rec>
    bool store(Env& env, std::uint32_t var, std::uint32_t element, std::int64_t value, int& result,
               Rec& rec) const {
        const VariableAccess& v = t_.variables[var];
        const auto& c = layout().cpu();
        const Field count_field = layout().at(c.sb_count, env.cpu);
        auto n = static_cast<std::uint32_t>(get_field(env.state, count_field));
        if (n == c.sb_capacity) {
            // A real CPU would buffer more; the model waits for a drain, and
            // says so (bound_hits) so that no one mistakes the bound for a
            // property of x86. Inside an atomic block nothing else runs, so
            // the oldest store drains in place.
            if (!env.atomic) {
                full_.fetch_add(1, std::memory_order_relaxed);
                result = kBlocked;
                return true;
            }
            step(env.state, env.cpu, env.slot, rec);
            env.drained = true;
            --n;
        }
        set_field(env.state, layout().sb_location(env.cpu, n), v.first_location + element);
        set_field(env.state, layout().sb_value(env.cpu, n), value - v.lo);
        set_field(env.state, count_field, n + 1);
        if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::Buffer, var, element, value});
        result = kOk;
        return true;
    }

    // The running CPU must wait until its store buffer is empty. Outside an
    // atomic block the step blocks and drain steps empty the buffer first.
    // Inside one nothing else can run, so the buffer drains in place: the
    // states are those of draining just before the block's next
    // instruction. True if the buffer is empty now.
    template <class Rec>
    bool settle(Env& env, Rec& rec) const {
        if (quiet(env.state, env.cpu)) return true;
        if (!env.atomic) return false;
        while (!quiet(env.state, env.cpu))
            step(env.state, env.cpu, env.slot, rec);
        env.drained = true;
        return true;
    }

    [[nodiscard]] bool quiet(const std::byte* state, std::uint32_t cpu) const {
        return count(state, cpu) == 0;
    }

    // The drain step: the oldest store of `cpu`'s buffer goes to memory.
    template <class Rec>
    void step(std::byte* state, std::uint32_t cpu, std::size_t slot, Rec& rec) const {
        if constexpr (Rec::enabled) {
            auto loc = static_cast<std::uint32_t>(get_field(state, layout().sb_location(cpu, 0)));
            const std::uint32_t var = t_.program.location_variable[loc];
            const std::int64_t value =
                get_field(state, layout().sb_value(cpu, 0)) + layout().location(loc).lo;
            rec.event(slot, {Event::Kind::Drain, var,
                             loc - t_.program.variables[var].first_location, value});
        }
        drain(state, cpu);
    }

    [[nodiscard]] std::uint64_t bound_hits() const { return full_.load(std::memory_order_relaxed); }

private:
    [[nodiscard]] const Layout& layout() const { return t_.layout; }
    [[nodiscard]] std::uint32_t count(const std::byte* state, std::uint32_t cpu) const {
        return static_cast<std::uint32_t>(
            get_field(state, layout().at(layout().cpu().sb_count, cpu)));
    }
    void drain(std::byte* state, std::uint32_t cpu) const {
        const auto& c = layout().cpu();
        const Field count_field = layout().at(c.sb_count, cpu);
        auto n = static_cast<std::uint32_t>(get_field(state, count_field));
        auto loc = static_cast<std::uint32_t>(get_field(state, layout().sb_location(cpu, 0)));
        const Field mem = layout().location(loc);
        ir::set_bits(state, mem.offset, mem.width,
                     ir::get_bits(state, layout().sb_value(cpu, 0).offset, c.sb_value_bits));
        for (std::uint32_t i = 1; i < n; ++i) {
            set_field(state, layout().sb_location(cpu, i - 1),
                      get_field(state, layout().sb_location(cpu, i)));
            set_field(state, layout().sb_value(cpu, i - 1),
                      get_field(state, layout().sb_value(cpu, i)));
        }
        set_field(state, layout().sb_location(cpu, n - 1), 0);
        set_field(state, layout().sb_value(cpu, n - 1), 0);
        set_field(state, count_field, n - 1);
    }

    const Tables& t_;
    mutable std::atomic<std::uint64_t> full_{0}; // statistics only
};

} // namespace shootdown::machine::memory
