// A reusable buffer of successor states. The search keeps one per worker and
// clears it per state, so after warm-up generating successors allocates
// nothing.
#pragma once

#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

namespace shootdown::checker {

// Identifies a property of the model (its meaning belongs to the model).
using PropertyId = std::uint32_t;
inline constexpr PropertyId kNoProperty = 0xffffffffu;

class Successors {
public:
    explicit Successors(std::size_t state_bytes) : state_bytes_(state_bytes) {}

    void clear() { count_ = 0; }
    // The search's stop flag: a system whose expansion of one state can take
    // long (forks, wide choices) polls stop_requested() and gives up; the
    // search then discards these successors.
    void watch(const std::atomic<bool>* stop) { stop_ = stop; }
    [[nodiscard]] bool stop_requested() const {
        return stop_ != nullptr && stop_->load(std::memory_order_relaxed);
    }
    [[nodiscard]] const std::atomic<bool>* stop_flag() const { return stop_; }
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] bool empty() const { return count_ == 0; }
    [[nodiscard]] std::size_t state_bytes() const { return state_bytes_; }

    // Appends a successor and returns its bytes, initialised as a copy of
    // `from` (successor generation usually changes a few fields of the parent).
    std::byte* push(const std::byte* from) {
        // `from` may be one of our own slots (a model forking a step); growing
        // would move it, so remember where it was.
        const std::byte* begin = data_.data();
        bool inside = !data_.empty() && std::less_equal<>()(begin, from) &&
                      std::less<>()(from, begin + data_.size());
        std::size_t offset = inside ? static_cast<std::size_t>(from - begin) : 0;
        std::byte* slot = push_uninitialised();
        if (inside) from = data_.data() + offset;
        std::memcpy(slot, from, state_bytes_);
        return slot;
    }
    std::byte* push_uninitialised() {
        if (count_ == violations_.size()) grow();
        violations_[count_] = kNoProperty;
        groups_[count_] = kNoGroup;
        return data_.data() + (count_++) * state_bytes_;
    }
    // Drops the most recently pushed successor (a step that turned out blocked).
    void pop() {
        assert(count_ > 0);
        --count_;
    }
    // The most recently pushed step broke `property` while it ran.
    void mark_violation(PropertyId property) {
        assert(count_ > 0);
        violations_[count_ - 1] = property;
    }
    // Successor `i` broke `property` while it ran (a model that forks a step
    // may have pushed other successors after it).
    void mark_violation(std::size_t i, PropertyId property) {
        assert(i < count_);
        violations_[i] = property;
    }

    // A model that generates steps speculatively (forking inside a step)
    // marks the ones that turn out blocked and compacts once at the end;
    // compact() keeps the order of the others.
    void kill(std::size_t i) { violations_[i] = kDead; }
    [[nodiscard]] bool is_dead(std::size_t i) const { return violations_[i] == kDead; }
    void compact() {
        std::size_t live = 0;
        for (std::size_t i = 0; i < count_; ++i) {
            if (is_dead(i)) continue;
            if (live != i) {
                std::memcpy(state(live), state(i), state_bytes_);
                violations_[live] = violations_[i];
                groups_[live] = groups_[i];
            }
            ++live;
        }
        count_ = live;
    }

    [[nodiscard]] const std::byte* state(std::size_t i) const {
        return data_.data() + i * state_bytes_;
    }
    [[nodiscard]] std::byte* state(std::size_t i) { return data_.data() + i * state_bytes_; }
    [[nodiscard]] PropertyId violation(std::size_t i) const { return violations_[i]; }

    // Partial-order reduction: the transition a successor belongs to, as the
    // system numbers them (TransitionSystem::persistent_set names groups);
    // kNoGroup if the system does not say.
    static constexpr std::uint32_t kNoGroup = 0;
    void set_group(std::size_t i, std::uint32_t group) { groups_[i] = group; }
    [[nodiscard]] std::uint32_t group(std::size_t i) const { return groups_[i]; }

    // The storage itself, for a step generator that is not C++ of this
    // program (the compiled steps, model/compiled/): it appends states
    // into `data` (capacity() of them), then set_size() says how many
    // there are. Dead successors are marked with kDead, as kill() does.
    static constexpr PropertyId kDead = 0xfffffffeu;
    [[nodiscard]] std::byte* data() { return data_.data(); }
    [[nodiscard]] PropertyId* violation_data() { return violations_.data(); }
    [[nodiscard]] std::uint32_t* group_data() { return groups_.data(); }
    [[nodiscard]] std::size_t capacity() const { return violations_.size(); }
    void set_size(std::size_t n) {
        assert(n <= capacity());
        count_ = n;
    }
    // At least one more slot of capacity (the contents and size are kept).
    void grow() {
        std::size_t capacity = violations_.empty() ? 16 : 2 * violations_.size();
        violations_.resize(capacity);
        groups_.resize(capacity);
        data_.resize(capacity * state_bytes_);
    }

private:
    std::size_t state_bytes_;
    std::size_t count_ = 0;
    const std::atomic<bool>* stop_ = nullptr;
    std::vector<std::byte> data_;
    std::vector<PropertyId> violations_;
    std::vector<std::uint32_t> groups_;
};

} // namespace shootdown::checker
