#include "checker/ample.hpp"

namespace shootdown::checker {

std::uint64_t ample_steps(const TransitionSystem& system, const std::byte* state,
                          const Successors& out, const StateStore& store, std::uint64_t horizon) {
    const std::uint64_t mask = system.persistent_set(state, out);
    if (mask == TransitionSystem::kAllSteps) return mask;
    std::uint32_t index = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (kept(out, i, mask) && store.find(out.state(i), index) && index < horizon)
            return TransitionSystem::kAllSteps; // the proviso
    return mask;
}

} // namespace shootdown::checker
