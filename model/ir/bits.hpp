// Reading and writing the fields of a state (ir::Field) and sizing them; the
// bit operations themselves are in bit_ops.hpp.
#pragma once

#include <cstdint>

#include "model/ir/bit_ops.hpp"
#include "model/ir/program.hpp"

namespace shootdown::ir {

inline std::int64_t get_field(const std::byte* state, const Field& f, std::uint32_t base = 0) {
    return static_cast<std::int64_t>(get_bits(state, base + f.offset, f.width)) + f.lo;
}

inline void set_field(std::byte* state, const Field& f, std::int64_t value,
                      std::uint32_t base = 0) {
    set_bits(state, base + f.offset, f.width, static_cast<std::uint64_t>(value - f.lo));
}

inline std::uint8_t bits_for(std::uint64_t max_value) {
    std::uint8_t n = 0;
    while (n < 64 && (max_value >> n) != 0)
        ++n;
    return n;
}

} // namespace shootdown::ir
