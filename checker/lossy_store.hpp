// A lossy visited set as the BFS engine sees it (SearchOptions::store is
// HashCompact or Bitstate): the set itself (FingerprintSet or BitStateSet),
// a trace log on disk that records how each state was reached, and the BFS
// frontier as two levels of packed states, so RAM holds little more than the
// visited set. A state's index is its trace log number; numbers are given in
// discovery order, as the exact store gives indices, so the engine walks the
// levels the same way. Only the current level can be read back (state()).
// Internal to the checker library.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "checker/bit_state_set.hpp"
#include "checker/fingerprint_set.hpp"
#include "checker/search.hpp"
#include "checker/state_store.hpp"
#include "checker/trace_log.hpp"
#include "checker/transition_system.hpp"

namespace shootdown::checker {

template <class Visited>
class LossyStore {
public:
    using Insertion = StateStore::Insertion;
    static constexpr std::uint32_t kNoParent = TraceLog::kNoParent;

    // `max_states` is clamped to StateStore::kMaxStates; `visited` are the
    // arguments of the set's constructor.
    template <class... VisitedArgs>
    LossyStore(std::size_t packed_bytes, std::uint64_t max_states, VisitedArgs&&... visited)
        : visited_(std::forward<VisitedArgs>(visited)...), packed_(packed_bytes),
          max_states_(std::min(max_states, StateStore::kMaxStates)) {}

    [[nodiscard]] std::uint64_t hash(const std::byte* state) const;
    void prefetch(std::uint64_t /*hash*/) const {}
    // Adds the state to the next level unless the set has seen its hash;
    // `full` if it is new but max_states are stored.
    Insertion insert(const std::byte* state, std::uint64_t hash, std::uint32_t parent,
                     std::uint32_t ordinal);

    // The packed bytes of a state of the current level.
    [[nodiscard]] const std::byte* state(std::uint32_t index) const {
        return current_.states.data() + (index - current_first_) * packed_;
    }
    // The states inserted since the last call become the current level.
    void begin_level();

    [[nodiscard]] std::uint64_t size() const { return log_.size(); }
    [[nodiscard]] std::size_t packed_bytes() const { return packed_; }
    // What the memory limit counts: the set and both levels.
    [[nodiscard]] std::uint64_t bytes() const {
        return visited_.bytes() + current_.bytes() + next_.bytes();
    }
    // What the statistics call the store: the set alone.
    [[nodiscard]] std::uint64_t visited_bytes() const { return visited_.bytes(); }
    [[nodiscard]] Omission omission() const;
    // The path to state `index`, read back from the trace log.
    Path path_to(std::uint32_t index);

private:
    // One BFS level: packed states back to back, and each one's trace log
    // number. The numbers are consecutive, so they are not needed to find a
    // state; they are kept because the memory limit has always counted them.
    struct Level {
        std::vector<std::byte> states;
        std::vector<std::uint32_t> numbers;

        [[nodiscard]] std::size_t size() const { return numbers.size(); }
        [[nodiscard]] std::uint64_t bytes() const {
            return states.capacity() + numbers.capacity() * sizeof(std::uint32_t);
        }
        void clear() {
            states.clear();
            numbers.clear();
        }
    };

    Visited visited_;
    std::size_t packed_;
    std::uint64_t max_states_;
    TraceLog log_;
    Level current_;
    Level next_;
    std::uint64_t current_first_ = 0; // the number of the current level's first state
};

extern template class LossyStore<FingerprintSet>;
extern template class LossyStore<BitStateSet>;

} // namespace shootdown::checker
