// One interpreter per memory model: make_stepper<M>() is defined by the
// memory model's unit (memory/sc.cpp, memory/tso.cpp), which instantiates
// Interpreter<its policy>. Machine picks one through memory_models.def.
#pragma once

#include <memory>

#include "model/machine/stepper.hpp"
#include "model/machine/tables.hpp"

namespace shootdown::machine::memory {

template <ir::MemoryModel M>
std::unique_ptr<Stepper> make_stepper(const Tables& tables);

#define MEMORY_MODEL(name, spelling, title, fences_wait, buffers_stores, barriers)                 \
    template <>                                                                                    \
    std::unique_ptr<Stepper> make_stepper<ir::MemoryModel::name>(const Tables& tables);
#include "model/ir/memory_models.def"
#undef MEMORY_MODEL

// The interpreter for the Program's memory model.
std::unique_ptr<Stepper> stepper_for(const Tables& tables);

} // namespace shootdown::machine::memory
