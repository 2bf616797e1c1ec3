// The x86-TSO unit: the interpreter compiled with the Tso policy.
#include "model/machine/memory/tso.hpp"
#include "model/machine/interpreter_run.hpp"
#include "model/machine/memory/steppers.hpp"

namespace shootdown::machine {

template class Interpreter<memory::Tso>;

template <>
std::unique_ptr<Stepper> memory::make_stepper<ir::MemoryModel::TSO>(const Tables& tables) {
    return std::make_unique<Interpreter<memory::Tso>>(tables);
}

} // namespace shootdown::machine
