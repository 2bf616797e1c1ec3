#include "model/ir/program.hpp"

#include "model/ir/bits.hpp"

namespace shootdown::ir {

std::uint8_t Type::bits() const {
    if (kind == Kind::Cpumask)
        return static_cast<std::uint8_t>(bits_for(static_cast<std::uint64_t>(hi)));
    return bits_for(static_cast<std::uint64_t>(hi - lo));
}

void Program::index_properties() {
    properties.clear();
    for (std::uint32_t i = 0; i < invariants.size(); ++i)
        properties.push_back(
            {Property::Kind::Invariant, i, "invariant " + invariants[i].name, invariants[i].span});
    for (std::uint32_t i = 0; i < asserts.size(); ++i)
        properties.push_back({Property::Kind::Assert, i, asserts[i].first, asserts[i].second});
    for (std::uint32_t c = 0; c < static_cast<std::uint32_t>(BuiltinCheck::Count); ++c)
        properties.push_back(
            {Property::Kind::Check, c, builtin_check_name(static_cast<BuiltinCheck>(c)), {}});
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
