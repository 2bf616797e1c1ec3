#include "checker/ample.hpp"

#include <array>

namespace shootdown::checker {

namespace {

bool passes_proviso(const Successors& out, std::uint64_t mask, const StateStore& store,
                    std::uint64_t horizon) {
    std::uint32_t index = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (kept(out, i, mask) && store.find(out.state(i), index) && index < horizon) return false;
    return true;
}

} // namespace

std::uint64_t ample_steps(const TransitionSystem& system, const std::byte* state,
                          const Successors& out, const StateStore& store, std::uint64_t horizon) {
    std::array<std::uint64_t, 8> candidates{};
    const std::size_t n = system.persistent_sets(state, out, candidates);
    for (std::size_t c = 0; c < n && c < candidates.size(); ++c)
        if (passes_proviso(out, candidates[c], store, horizon)) return candidates[c];
    return TransitionSystem::kAllSteps;
}

} // namespace shootdown::checker
