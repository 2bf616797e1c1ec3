#include "model/ir/memory_models.hpp"

namespace shootdown::ir {

bool x86_emits_fence(Ordering o) {
    switch (o) {
    case Ordering::Full:
    case Ordering::CoreSerializing:
        return true;
    case Ordering::None:
    case Ordering::Compiler:
    case Ordering::ReadBarrier:
    case Ordering::WriteBarrier:
    case Ordering::Acquire:
    case Ordering::Release:
    case Ordering::BeforeAtomic:
    case Ordering::AfterAtomic:
    case Ordering::AfterSpinlock:
    case Ordering::AfterUnlockLock:
        return false;
    }
    return true;
}

std::optional<MemoryModel> memory_model_named(std::string_view name) {
    for (const MemoryModelInfo& m : kMemoryModels)
        if (m.spelling == name) return m.id;
    return std::nullopt;
}

std::string memory_model_spellings(std::string_view last_separator) {
    std::string out;
    for (std::size_t i = 0; i < std::size(kMemoryModels); ++i) {
        if (i > 0) out += i + 1 == std::size(kMemoryModels) ? last_separator : ", ";
        out += kMemoryModels[i].spelling;
    }
    return out;
}

} // namespace shootdown::ir
