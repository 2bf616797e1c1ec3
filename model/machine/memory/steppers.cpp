#include "model/machine/memory/steppers.hpp"

namespace shootdown::machine::memory {

std::unique_ptr<Stepper> stepper_for(const Tables& tables) {
    switch (tables.program.memory) {
#define MEMORY_MODEL(name, spelling, title, fences_wait, buffers_stores, barriers)                 \
    case ir::MemoryModel::name:                                                                    \
        return make_stepper<ir::MemoryModel::name>(tables);
#include "model/ir/memory_models.def"
#undef MEMORY_MODEL
    }
    return nullptr;
}

} // namespace shootdown::machine::memory
