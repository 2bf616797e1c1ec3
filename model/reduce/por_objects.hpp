// What partial-order reduction compares: the objects a step may read or
// write, as a fixed-size bit set so that a state's persistent set is
// computed without allocating. An object is one element of a variable, a
// pending-IPI slot (target, sender), a CPU's interrupt state, or the assertions (a step that checks
// one is visible).
#pragma once

#include <array>
#include <cstdint>

namespace shootdown::reduce {

// More objects than this and the model is searched without reduction.
inline constexpr std::uint32_t kMaxObjects = 512;

// Trivially constructible, so that a state's scratch arrays cost nothing to
// set up: write `ObjectSet s{}` (or `Access a{}`) for an empty one.
class ObjectSet {
public:
    void add(std::uint32_t object) { words_[object / 64] |= std::uint64_t{1} << (object % 64); }
    [[nodiscard]] bool has(std::uint32_t object) const {
        return (words_[object / 64] >> (object % 64)) & 1;
    }
    ObjectSet& operator|=(const ObjectSet& o) {
        for (std::size_t i = 0; i < kWords; ++i)
            words_[i] |= o.words_[i];
        return *this;
    }
    // `words`: how many leading 64-bit words can hold objects (a model's
    // objects are numbered from 0, so the rest are zero).
    [[nodiscard]] bool meets(const ObjectSet& o, std::size_t words = kWords) const {
        for (std::size_t i = 0; i < words; ++i)
            if ((words_[i] & o.words_[i]) != 0) return true;
        return false;
    }

    static constexpr std::size_t kWords = kMaxObjects / 64;

private:
    std::array<std::uint64_t, kWords> words_;
};

// What a step (or everything a context may still do) reads and writes.
struct Access {
    ObjectSet reads, writes;

    Access& operator|=(const Access& o) {
        reads |= o.reads;
        writes |= o.writes;
        return *this;
    }
    // Two accesses do not commute if one writes what the other touches.
    [[nodiscard]] bool conflicts(const Access& o, std::size_t words = ObjectSet::kWords) const {
        return writes.meets(o.reads, words) || writes.meets(o.writes, words) ||
               reads.meets(o.writes, words);
    }
};

} // namespace shootdown::reduce
