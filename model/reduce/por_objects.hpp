// What partial-order reduction compares: the objects a step may read or
// write, as a fixed-size bit set so that a state's persistent set is
// computed without allocating. An object is one element of a variable, a
// pending-IPI slot (target, sender), a CPU's interrupt state or its store
// buffer's emptiness, or the assertions (a step that checks one is visible).
#pragma once

#include <array>
#include <cstdint>

namespace shootdown::reduce {

// More objects than this and the model is searched without reduction.
inline constexpr std::uint32_t kMaxObjects = 512;

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
    [[nodiscard]] bool meets(const ObjectSet& o) const {
        for (std::size_t i = 0; i < kWords; ++i)
            if ((words_[i] & o.words_[i]) != 0) return true;
        return false;
    }
    [[nodiscard]] bool empty() const {
        for (std::uint64_t w : words_)
            if (w != 0) return false;
        return true;
    }

private:
    static constexpr std::size_t kWords = kMaxObjects / 64;
    std::array<std::uint64_t, kWords> words_{};
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
    [[nodiscard]] bool conflicts(const Access& o) const {
        return writes.meets(o.reads) || writes.meets(o.writes) || reads.meets(o.writes);
    }
    [[nodiscard]] bool touches(const ObjectSet& objects) const {
        return reads.meets(objects) || writes.meets(objects);
    }
};

} // namespace shootdown::reduce
