#include "model/machine/self_check.hpp"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "model/ir/bits.hpp"

namespace shootdown::machine {

namespace {

// True if any bit in [from, to) differs between the two states.
bool bits_differ(const std::byte* a, const std::byte* b, std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t bit = from; bit < to;) {
        const auto width = static_cast<std::uint8_t>(std::min<std::uint32_t>(32, to - bit));
        if (ir::get_bits(a, bit, width) != ir::get_bits(b, bit, width)) return true;
        bit += width;
    }
    return false;
}

} // namespace

SelfCheckedMachine::SelfCheckedMachine(const Machine& machine)
    : SelfCheckedMachine(machine, ir::analysis::footprints(machine.program())) {}

SelfCheckedMachine::SelfCheckedMachine(const Machine& machine,
                                       std::vector<ir::analysis::Footprint> footprints)
    : m_(machine), footprints_(std::move(footprints)) {}

void SelfCheckedMachine::fail(const std::string& what) const {
    throw SelfCheckFailure("--self-check: " + what);
}

void SelfCheckedMachine::check_tail(const std::byte* state, const char* what) const {
    const std::uint32_t bits = m_.program().state_bits;
    const std::vector<std::byte> zero(m_.state_bytes(), std::byte{0});
    if (bits_differ(state, zero.data(), bits, static_cast<std::uint32_t>(zero.size() * 8)))
        fail(fmt::format("{} has bits set past the state's {} bits", what, bits));
}

void SelfCheckedMachine::initial_states(Successors& out) const {
    m_.initial_states(out);
    for (std::size_t i = 0; i < out.size(); ++i)
        check_tail(out.state(i), "an initial state");
}

void SelfCheckedMachine::check_deterministic(const std::byte* state, const Successors& out) const {
    Successors again(m_.state_bytes());
    m_.successors(state, again);
    if (again.size() != out.size())
        fail(fmt::format("successors() gave {} then {} successors", out.size(), again.size()));
    for (std::size_t i = 0; i < out.size(); ++i)
        if (std::memcmp(out.state(i), again.state(i), m_.state_bytes()) != 0 ||
            out.violation(i) != again.violation(i) || out.group(i) != again.group(i))
            fail(fmt::format("successor {} differs between two calls of successors()", i));
}

// Every global element the step changed must be written by an instruction
// it executed (per that instruction's footprint) or by a drain it made.
void SelfCheckedMachine::check_globals(const std::byte* before, const StepDescription& d) const {
    const ir::Program& p = m_.program();
    for (std::uint32_t v = 0; v < p.variables.size(); ++v) {
        for (std::uint32_t e = 0; e < p.variables[v].element_count; ++e) {
            if (m_.read_variable(before, v, e) == m_.read_variable(d.after.data(), v, e)) continue;
            bool declared = std::any_of(d.events.begin(), d.events.end(), [&](const Event& ev) {
                return ev.kind == Event::Kind::Drain && ev.variable == v && ev.element == e;
            });
            for (std::uint32_t pc : d.pcs)
                for (const ir::analysis::VariableAccess& a : footprints_[pc].accesses)
                    declared = declared || (a.write && a.variable == v &&
                                            ir::analysis::covers(p, a, e, d.origin.cpu));
            if (!declared)
                fail(fmt::format("a step of CPU {} changed {}[element {}], which no instruction "
                                 "it ran declares in its footprint",
                                 d.origin.cpu, p.variables[v].name, e));
        }
    }
}

// Only the stepping CPU's block may change, unless the step sent an IPI;
// a CPU-local step (partial-order reduction) changes nothing else at all.
void SelfCheckedMachine::check_cpu_blocks(const std::byte* before, const StepDescription& d,
                                          bool local) const {
    const ir::CpuLayout& c = m_.program().cpu;
    if (local && bits_differ(before, d.after.data(), 0, c.block_offset))
        fail(fmt::format("a step of CPU {} marked CPU-local changed global state", d.origin.cpu));
    const bool sends = std::any_of(d.pcs.begin(), d.pcs.end(),
                                   [&](std::uint32_t pc) { return footprints_[pc].other_cpus; });
    for (std::uint32_t cpu = 0; cpu < m_.program().cpus; ++cpu) {
        if (cpu == d.origin.cpu) continue;
        const std::uint32_t from = m_.layout().cpu_base(cpu);
        if (!bits_differ(before, d.after.data(), from, from + c.block_bits)) continue;
        if (local || !sends)
            fail(fmt::format("a step of CPU {} changed CPU {}'s block without sending an IPI",
                             d.origin.cpu, cpu));
    }
}

void SelfCheckedMachine::check_step(const std::byte* state, const Successors& out, std::size_t i,
                                    std::uint32_t ordinal) const {
    check_tail(out.state(i), "a successor");
    const StepDescription d = m_.describe(state, ordinal);
    if (std::memcmp(d.after.data(), out.state(i), m_.state_bytes()) != 0 ||
        d.violation != out.violation(i))
        fail(fmt::format("the traced interpreter's successor {} differs from the search's",
                         ordinal));
    check_globals(state, d);
    check_cpu_blocks(state, d, false);
}

// The compiled steps must give exactly the interpreter's successors: the
// same states in the same order, violations and partial-order groups.
void SelfCheckedMachine::check_engines(const std::byte* state, const Successors& out) const {
    if (m_.compiled() == nullptr) return;
    Successors reference(m_.state_bytes());
    m_.interpreter().successors(state, reference);
    if (reference.size() != out.size())
        fail(fmt::format("the compiled steps gave {} successors, the interpreter {}", out.size(),
                         reference.size()));
    for (std::size_t i = 0; i < out.size(); ++i)
        if (std::memcmp(out.state(i), reference.state(i), m_.state_bytes()) != 0 ||
            out.violation(i) != reference.violation(i) || out.group(i) != reference.group(i))
            fail(fmt::format("successor {} of the compiled steps differs from the interpreter's "
                             "(state, violation {} vs {}, group {} vs {})",
                             i, out.violation(i), reference.violation(i), out.group(i),
                             reference.group(i)));
}

PropertyId SelfCheckedMachine::check_observed(const std::byte* state,
                                              checker::StateObserver* observer) const {
    const PropertyId id = m_.check_observed(state, observer);
    if (m_.compiled() != nullptr && m_.interpreter().check_state(state, nullptr) != id)
        fail(fmt::format("the compiled steps' invariant check says {}, the interpreter's {}", id,
                         m_.interpreter().check_state(state, nullptr)));
    return id;
}

void SelfCheckedMachine::successors(const std::byte* state, Successors& out) const {
    const std::size_t first = out.size();
    m_.successors(state, out);
    if (first != 0) return; // only whole successor lists are checked
    check_engines(state, out);
    check_deterministic(state, out);
    for (std::size_t i = 0; i < out.size(); ++i)
        check_step(state, out, i, static_cast<std::uint32_t>(i));
}

} // namespace shootdown::machine
