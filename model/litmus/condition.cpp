#include "model/litmus/condition.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace shootdown::litmus {

bool holds(const Prop& p, const std::function<std::int64_t(const LocRef&)>& value_of) {
    switch (p.kind) {
    case Prop::Kind::True:
        return true;
    case Prop::Kind::False:
        return false;
    case Prop::Kind::Atom:
        return value_of(p.location) == p.value;
    case Prop::Kind::Not:
        return !holds(p.args[0], value_of);
    case Prop::Kind::And:
        return holds(p.args[0], value_of) && holds(p.args[1], value_of);
    case Prop::Kind::Or:
        return holds(p.args[0], value_of) || holds(p.args[1], value_of);
    }
    return false;
}

namespace {

// Binding strength: ~ binds tighter than /\, which binds tighter than \/.
int precedence(const Prop& p) {
    switch (p.kind) {
    case Prop::Kind::Or:
        return 1;
    case Prop::Kind::And:
        return 2;
    default:
        return 3;
    }
}

std::string operand(const Prop& p, int context) {
    std::string s = to_string(p);
    return precedence(p) < context ? "(" + s + ")" : s;
}

} // namespace

std::string to_string(const Prop& p) {
    switch (p.kind) {
    case Prop::Kind::True:
        return "true";
    case Prop::Kind::False:
        return "false";
    case Prop::Kind::Atom:
        return fmt::format("{}={}", p.location.text(),
                           p.address_of.empty() ? std::to_string(p.value) : p.address_of);
    case Prop::Kind::Not:
        return "~" + operand(p.args[0], 3);
    case Prop::Kind::And:
        return operand(p.args[0], 2) + " /\\ " + operand(p.args[1], 2);
    case Prop::Kind::Or:
        return operand(p.args[0], 1) + " \\/ " + operand(p.args[1], 1);
    }
    return {};
}

void collect_locations(const Prop& p, std::vector<LocRef>& out) {
    if (p.kind == Prop::Kind::Atom && std::find(out.begin(), out.end(), p.location) == out.end())
        out.push_back(p.location);
    for (const Prop& a : p.args)
        collect_locations(a, out);
}

} // namespace shootdown::litmus
