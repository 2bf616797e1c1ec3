// What a step did, for traces. The search runs with NullRecorder, whose
// empty inline hooks compile away; a trace re-runs one step with
// TraceRecorder to learn what it read, wrote, buffered and sent.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::machine {

struct Event {
    enum class Kind : std::uint8_t {
        Read,      // var/element read from memory or state
        Forward,   // read satisfied from the CPU's own store buffer
        Write,     // written to memory / hardware / ghost state
        Buffer,    // a store entered the store buffer
        Drain,     // a store left the buffer for memory
        Rmw,       // locked read-modify-write (value = new value)
        Fence,     // full barrier (smp_mb, locked op, serializing instruction)
        IpiSend,   // to `other` (kNone: the mask held no other CPU)
        IpiWait,   // every IPI this CPU sent has completed
        Irqs,      // value 1: IRQs disabled, 0: enabled
        IpiTake,   // from `other`
        Iret,      // handler returned to `other`
        Serialize, // a core-serializing event
        Choice,    // a nondeterministic choice: value chosen
        Bind,      // a quantified variable (variable = Program::bound_names index)
    };
    Kind kind = Kind::Read;
    std::uint32_t variable = ir::kNone; // Read/Write/...: variable id; Choice: local id
    std::uint32_t element = 0;
    std::int64_t value = 0;
    std::uint32_t other = 0; // CPU for IPIs
    std::uint32_t pc = ir::kNone;
};

enum class StepKind : std::uint8_t { Program, Interrupt, Hardware, Drain };

// Which step a successor is, as a trace shows it.
struct StepOriginData {
    StepKind kind = StepKind::Program;
    std::uint32_t cpu = 0;
    std::uint32_t which = ir::kNone; // handler (Interrupt) or hardware action
    std::uint32_t other = 0;         // Interrupt: the sending CPU
};

// A write of a value its target cannot hold (the `value in range` check):
// what the report names.
struct RangeError {
    bool local = false;
    std::uint32_t id = 0;      // the variable, or the local
    std::uint32_t element = 0; // of a variable
    std::int64_t value = 0, lo = 0, hi = 0;
};

struct NullRecorder {
    static constexpr bool enabled = false;
    void event(std::size_t, const Event&) {}
    void instruction(std::size_t, std::uint32_t) {}
    void fork(std::size_t, std::size_t) {}
    std::size_t mark(std::size_t) { return 0; }
    void truncate(std::size_t, std::size_t) {}
    void out_of_range(std::size_t, const RangeError&) {}
};

// Events per successor slot; a fork copies the shared prefix.
struct TraceRecorder {
    static constexpr bool enabled = true;
    struct Slot {
        std::vector<Event> events;
        std::vector<std::uint32_t> pcs; // every instruction the step executed
        std::optional<RangeError> range_error;
    };
    std::vector<Slot> slots;
    void out_of_range(std::size_t slot, const RangeError& e) {
        ensure(slot);
        slots[slot].range_error = e;
    }
    void ensure(std::size_t slot) {
        if (slots.size() <= slot) slots.resize(slot + 1);
    }
    void event(std::size_t slot, const Event& e) {
        ensure(slot);
        slots[slot].events.push_back(e);
    }
    std::size_t mark(std::size_t slot) {
        ensure(slot);
        return slots[slot].events.size();
    }
    void truncate(std::size_t slot, std::size_t mark) { slots[slot].events.resize(mark); }
    void instruction(std::size_t slot, std::uint32_t pc) {
        ensure(slot);
        slots[slot].pcs.push_back(pc);
    }
    void fork(std::size_t from, std::size_t to) {
        ensure(std::max(from, to));
        slots[to] = slots[from];
        if (origins.size() <= to) origins.resize(to + 1);
        if (from < origins.size()) origins[to] = origins[from];
    }
    // Which step each slot is (set when the step starts, copied on forks).
    std::vector<StepOriginData> origins;
    [[nodiscard]] StepOriginData origin_of(std::size_t slot) const {
        return slot < origins.size() ? origins[slot] : StepOriginData{};
    }
};

} // namespace shootdown::machine
