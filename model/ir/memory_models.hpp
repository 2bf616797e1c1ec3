// What the tool knows of each memory model without running it: the rows of
// memory_models.def. The semantics are in model/machine/memory/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ir/program.hpp"

namespace shootdown::ir {

struct MemoryModelInfo {
    MemoryModel id;
    std::string_view spelling; // "tso"
    std::string_view title;    // "TSO"
    bool fences_wait;
    bool buffers_stores;
};

inline constexpr MemoryModelInfo kMemoryModels[] = {
#define MEMORY_MODEL(name, spelling, title, fences_wait, buffers_stores)                           \
    {MemoryModel::name, spelling, title, fences_wait, buffers_stores},
#include "model/ir/memory_models.def"
#undef MEMORY_MODEL
};

[[nodiscard]] constexpr const MemoryModelInfo& info(MemoryModel m) {
    return kMemoryModels[static_cast<std::size_t>(m)];
}

// The model spelled `name` ("sc", "tso"), if there is one.
[[nodiscard]] std::optional<MemoryModel> memory_model_named(std::string_view name);

// "sc or tso", for diagnostics and --help.
[[nodiscard]] std::string memory_model_spellings(std::string_view last_separator = " or ");

} // namespace shootdown::ir
