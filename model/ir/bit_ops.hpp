// Reading and writing bit-packed fields of a state. States are whole 64-bit
// words (Program::state_bytes), so a field never reads past the end.
// Self-contained (the standard library only): the compiled steps
// (model/compiled/) include this same text in the code they generate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace shootdown::ir {

inline std::uint64_t load_word(const std::byte* state, std::uint32_t word) {
    std::uint64_t w;
    std::memcpy(&w, state + word * 8, 8);
    return w;
}

inline void store_word(std::byte* state, std::uint32_t word, std::uint64_t w) {
    std::memcpy(state + word * 8, &w, 8);
}

inline std::uint64_t mask_of(std::uint8_t width) {
    return width >= 64 ? ~0ull : (1ull << width) - 1;
}

inline std::uint64_t get_bits(const std::byte* state, std::uint32_t offset, std::uint8_t width) {
    if (width == 0) return 0;
    std::uint32_t word = offset / 64, shift = offset % 64;
    std::uint64_t v = load_word(state, word) >> shift;
    if (shift + width > 64) v |= load_word(state, word + 1) << (64 - shift);
    return v & mask_of(width);
}

inline void set_bits(std::byte* state, std::uint32_t offset, std::uint8_t width, std::uint64_t v) {
    if (width == 0) return;
    std::uint32_t word = offset / 64, shift = offset % 64;
    std::uint64_t m = mask_of(width);
    v &= m;
    std::uint64_t w = load_word(state, word);
    w = (w & ~(m << shift)) | (v << shift);
    store_word(state, word, w);
    if (shift + width > 64) {
        std::uint32_t spill = 64 - shift;
        std::uint64_t w2 = load_word(state, word + 1);
        std::uint64_t m2 = m >> spill;
        w2 = (w2 & ~m2) | (v >> spill);
        store_word(state, word + 1, w2);
    }
}

} // namespace shootdown::ir
