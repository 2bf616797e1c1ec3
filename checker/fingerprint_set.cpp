#include "checker/fingerprint_set.hpp"

#include <utility>

namespace shootdown::checker {

namespace {

constexpr std::uint64_t kInitialSlots = 4096;

// 0 marks an empty slot, so fingerprint 0 is stored as 1 (one more collision
// pair among 2^64 values).
std::uint64_t nonzero(std::uint64_t fingerprint) {
    return fingerprint == 0 ? 1 : fingerprint;
}

} // namespace

FingerprintSet::FingerprintSet() {
    resize(kInitialSlots);
}

bool FingerprintSet::insert(std::uint64_t fingerprint) {
    fingerprint = nonzero(fingerprint);
    std::uint64_t* slots = table();
    for (std::uint64_t pos = home(fingerprint);; pos = pos + 1 == slots_ ? 0 : pos + 1) {
        if (slots[pos] == fingerprint) return false;
        if (slots[pos] == 0) {
            slots[pos] = fingerprint;
            if (++size_ >= grow_at_) resize(slots_ + slots_ / 4);
            return true;
        }
    }
}

void FingerprintSet::place(std::uint64_t fingerprint) {
    std::uint64_t* slots = table();
    std::uint64_t pos = home(fingerprint);
    while (slots[pos] != 0)
        pos = pos + 1 == slots_ ? 0 : pos + 1;
    slots[pos] = fingerprint;
}

// The old table is needed to rehash, so both exist for a moment.
void FingerprintSet::resize(std::uint64_t slots) {
    MemoryBlock old = std::exchange(table_, MemoryBlock(slots * sizeof(std::uint64_t)));
    // Use all of the block: big ones are rounded up to whole huge pages.
    const std::uint64_t old_slots = std::exchange(slots_, table_.bytes() / sizeof(std::uint64_t));
    grow_at_ = slots_ / 20 * 17;
    const auto* entries = reinterpret_cast<const std::uint64_t*>(old.data());
    for (std::uint64_t i = 0; i < old_slots; ++i)
        if (entries[i] != 0) place(entries[i]);
}

double FingerprintSet::expected_collisions(std::uint64_t states) {
    const auto n = static_cast<double>(states);
    return n * (n - 1) / 36893488147419103232.0; // 2^65
}

} // namespace shootdown::checker
