// What the tool knows of each memory model without running it: the rows of
// memory_models.def. The semantics are in model/machine/memory/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ir/builtins.hpp"
#include "model/ir/program.hpp"

namespace shootdown::ir {

// x86: only a full barrier (smp_mb, a serializing instruction) needs an
// instruction; loads are not reordered with loads nor stores with stores,
// and every locked RMW is a full fence of its own.
bool x86_emits_fence(Ordering o);

struct MemoryModelInfo {
    MemoryModel id;
    std::string_view spelling; // "tso"
    std::string_view title;    // "TSO"
    bool fences_wait;
    bool buffers_stores;
    // Whether a kernel barrier of this ordering lowers to a Fence.
    bool (*emits_fence)(Ordering);
};

inline constexpr MemoryModelInfo kMemoryModels[] = {
#define MEMORY_MODEL(name, spelling, title, fences_wait, buffers_stores, barriers)                 \
    {MemoryModel::name, spelling, title, fences_wait, buffers_stores, &barriers##_emits_fence},
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
