#include "checker/lossy_store.hpp"

#include <algorithm>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace shootdown::checker {

namespace {

Omission omission_of(const FingerprintSet&, std::uint64_t states) {
    const double expected = FingerprintSet::expected_collisions(states);
    return {expected, std::min(1.0, expected)};
}

Omission omission_of(const BitStateSet& bits, std::uint64_t states) {
    const double expected = bits.expected_omissions(states);
    return {expected, std::min(1.0, expected)};
}

} // namespace

template <class Visited>
std::uint64_t LossyStore<Visited>::hash(const std::byte* state) const {
    return XXH3_64bits(state, packed_);
}

template <class Visited>
typename LossyStore<Visited>::Insertion
LossyStore<Visited>::insert(const std::byte* state, std::uint64_t hash, std::uint32_t parent,
                            std::uint32_t ordinal) {
    if (!visited_.insert(hash)) return {0, false, false, false};
    if (log_.size() >= max_states_) return {0, false, true, false};
    const std::uint32_t number = log_.append({parent, ordinal});
    next_.states.insert(next_.states.end(), state, state + packed_);
    next_.numbers.push_back(number);
    return {number, true, false, false};
}

template <class Visited>
void LossyStore<Visited>::begin_level() {
    std::swap(current_, next_);
    next_.clear();
    current_first_ = log_.size() - current_.size();
}

template <class Visited>
Omission LossyStore<Visited>::omission() const {
    return omission_of(visited_, log_.size());
}

template <class Visited>
Path LossyStore<Visited>::path_to(std::uint32_t index) {
    Path path;
    TraceLog::Entry entry = log_.read(index);
    while (entry.parent != TraceLog::kNoParent) {
        path.steps.push_back(entry.ordinal);
        entry = log_.read(entry.parent);
    }
    path.initial = entry.ordinal;
    std::reverse(path.steps.begin(), path.steps.end());
    return path;
}

template class LossyStore<FingerprintSet>;
template class LossyStore<BitStateSet>;

} // namespace shootdown::checker
