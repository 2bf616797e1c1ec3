#include "checker/ample.hpp"

namespace shootdown::checker {

namespace {

bool all_new(const Successors& out, const StateStore& store, std::size_t begin, std::size_t end) {
    std::uint32_t index = 0;
    for (std::size_t i = begin; i < end; ++i)
        if (store.find(out.state(i), index)) return false;
    return true;
}

} // namespace

StepRange ample_steps(const Successors& out, const StateStore& store) {
    // Candidates are runs of successors sharing a group (one process's steps).
    for (std::size_t begin = 0; begin < out.size();) {
        const std::uint32_t group = out.group(begin);
        std::size_t end = begin + 1;
        while (end < out.size() && out.group(end) == group)
            ++end;
        // A candidate that is every successor saves nothing.
        const bool saves = end - begin < out.size();
        if (group != Successors::kNoGroup && saves && all_new(out, store, begin, end))
            return {begin, end};
        begin = end;
    }
    return {0, out.size()};
}

} // namespace shootdown::checker
