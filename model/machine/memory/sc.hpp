// Sequential consistency: every load reads memory, every store writes it at
// once, and nothing is ever reordered, so fences, locked instructions and
// serializing events have nothing to wait for. The baseline every other
// memory model (memory/tso.hpp) is measured against.
#pragma once

#include "model/machine/tables.hpp"

namespace shootdown::machine::memory {

class Sc {
public:
    static constexpr ir::MemoryModel kModel = ir::MemoryModel::SC;

    explicit Sc(const Tables&) {}

    // A program load of a shared element: nothing but memory to read from.
    template <class Rec>
    bool forward(Env&, std::uint32_t, std::uint32_t, std::int64_t&, Rec&) const {
        return false;
    }
    // A field planned for forwarding may be read directly (none are, under SC).
    [[nodiscard]] bool direct_read_ok(const Env&) const { return true; }
    // A program store of a shared element: memory takes it (not buffered).
    template <class Rec>
    bool store(Env&, std::uint32_t, std::uint32_t, std::int64_t, int&, Rec&) const {
        return false;
    }
    // Before a fence, a locked instruction, an IPI send, an IRET or a
    // serializing write: nothing is pending.
    template <class Rec>
    bool settle(Env&, Rec&) const {
        return true;
    }
    // The CPU has no stores in flight.
    [[nodiscard]] bool quiet(const std::byte*, std::uint32_t) const { return true; }
    // The memory model's own step for `cpu` (none under SC).
    template <class Rec>
    void step(std::byte*, std::uint32_t, std::size_t, Rec&) const {}
    [[nodiscard]] std::uint64_t bound_hits() const { return 0; }
};

} // namespace shootdown::machine::memory
