#include "model/reduce/symmetric_system.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace shootdown::machine {

// Two scratch slots at the end of `out` serve canonicalize(); they are
// dropped again, so after warm-up nothing is allocated.
void SymmetricSystem::canonicalize_all(checker::Successors& out) const {
    std::size_t n = out.size();
    out.push_uninitialised();
    out.push_uninitialised();
    for (std::size_t i = 0; i < n && !out.stop_requested(); ++i)
        symmetry_.canonicalize(out.state(i), out.state(n), out.state(n + 1));
    out.pop();
    out.pop();
}

void SymmetricSystem::initial_states(checker::Successors& out) const {
    machine_.initial_states(out);
    canonicalize_all(out);
}

void SymmetricSystem::successors(const std::byte* state, checker::Successors& out) const {
    machine_.successors(state, out);
    canonicalize_all(out);
}

namespace {

std::vector<std::byte> canonical(const Symmetry& symmetry, const std::byte* state) {
    std::size_t n = symmetry.state_bytes();
    std::vector<std::byte> out(state, state + n), a(n), b(n);
    symmetry.canonicalize(out.data(), a.data(), b.data());
    return out;
}

// The real step that stands for canonical step `ordinal` (`c` its state).
// A step boundary state matches by canonical form. A violating successor is
// a snapshot from the middle of its step (pc not advanced, temporaries
// written but dead at that pc, so not renamed): its canonical form need not
// agree across the orbit, and the engine never stores it. Any real step
// that breaks the same property is then a counterexample, since the real
// state is in the orbit of the canonical one; a form match is preferred.
std::uint32_t real_step(const Symmetry& symmetry, const checker::Successors& real,
                        const checker::Successors& canon, std::uint32_t ordinal,
                        const std::vector<std::byte>& c) {
    checker::PropertyId violation = canon.violation(ordinal);
    auto fallback = static_cast<std::uint32_t>(real.size());
    for (std::uint32_t j = 0; j < real.size(); ++j) {
        if (real.violation(j) != violation) continue;
        if (canonical(symmetry, real.state(j)) == c) return j;
        fallback = std::min(fallback, j);
    }
    if (violation != checker::kNoProperty && fallback < real.size()) return fallback;
    throw std::logic_error("unpermute_path: the orbit has no real step");
}

} // namespace

checker::Path unpermute_path(const Machine& machine, const Symmetry& symmetry,
                             const checker::Path& path) {
    std::size_t bytes = machine.state_bytes();
    SymmetricSystem reduced(machine, symmetry);
    checker::Successors canon(bytes), real(bytes);
    reduced.initial_states(canon);
    machine.initial_states(real);
    // canonicalize_all() keeps the order and the marks of the initial states.
    if (path.initial >= canon.size() || canon.size() != real.size())
        throw std::out_of_range("unpermute_path: no such initial state");
    std::vector<std::byte> c(canon.state(path.initial), canon.state(path.initial) + bytes);
    std::vector<std::byte> r(real.state(path.initial), real.state(path.initial) + bytes);
    checker::Path out{path.initial, {}};
    for (std::uint32_t ordinal : path.steps) {
        canon.clear();
        reduced.successors(c.data(), canon);
        if (ordinal >= canon.size()) throw std::out_of_range("unpermute_path: no such step");
        c.assign(canon.state(ordinal), canon.state(ordinal) + bytes);
        real.clear();
        machine.successors(r.data(), real);
        std::uint32_t j = real_step(symmetry, real, canon, ordinal, c);
        out.steps.push_back(j);
        r.assign(real.state(j), real.state(j) + bytes);
    }
    return out;
}

} // namespace shootdown::machine
