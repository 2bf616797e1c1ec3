#include "model/ir/program.hpp"

#include "model/ir/bits.hpp"

namespace shootdown::ir {

std::uint8_t Type::bits() const {
    if (kind == Kind::Cpumask)
        return static_cast<std::uint8_t>(bits_for(static_cast<std::uint64_t>(hi)));
    return bits_for(static_cast<std::uint64_t>(hi - lo));
}

std::string builtin_check_name(BuiltinCheck check) {
    switch (check) {
    case BuiltinCheck::ValueOutOfRange:
        return "value in range";
    case BuiltinCheck::IndexOutOfRange:
        return "index in range";
    case BuiltinCheck::DivisionByZero:
        return "no division by zero";
    case BuiltinCheck::StepTooLong:
        return "step terminates";
    case BuiltinCheck::Count:
        break;
    }
    return "?";
}

} // namespace shootdown::ir
