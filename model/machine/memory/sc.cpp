// The SC unit: the interpreter compiled with the Sc policy.
#include "model/machine/memory/sc.hpp"
#include "model/machine/interpreter_run.hpp"
#include "model/machine/memory/steppers.hpp"

namespace shootdown::machine {

template class Interpreter<memory::Sc>;

template <>
std::unique_ptr<Stepper> memory::make_stepper<ir::MemoryModel::SC>(const Tables& tables) {
    return std::make_unique<Interpreter<memory::Sc>>(tables);
}

} // namespace shootdown::machine
