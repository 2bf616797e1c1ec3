// The files of model/compiled/ that the generated code includes, carried
// in the binary (cmake/embed.cmake writes their definition at build time).
#pragma once

#include <cstddef>
#include <iterator>

namespace shootdown::compiled {

struct EmbeddedFile {
    const char* name; // abi.hpp, bit_ops.hpp, runtime.inc
    const char* text;
};

extern const EmbeddedFile kRuntimeFiles[];
extern const std::size_t kRuntimeFileCount;

} // namespace shootdown::compiled
