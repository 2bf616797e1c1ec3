#include "tests/random/expressions.hpp"

#include <array>

namespace shootdown::random_models {

std::string type_name(const Type& type) {
    switch (type.kind) {
    case Kind::Bool:
        return "bool";
    case Kind::Int:
        return "n" + std::to_string(type.hi);
    case Kind::Phase:
        return "phase";
    case Kind::Id:
        return "id";
    case Kind::Cpu:
        return "cpu";
    case Kind::Mask:
        return "cpumask<cpu>";
    }
    return "bool";
}

namespace {

const std::array<const char*, 3> kPhases = {"IDLE", "BUSY", "DONE"};

std::string parenthesised(const std::string& a, const char* op, const std::string& b) {
    return "(" + a + " " + op + " " + b + ")";
}

} // namespace

std::optional<std::string> Expressions::literal(const Type& type) {
    switch (type.kind) {
    case Kind::Bool:
        return dice_.chance(50) ? "true" : "false";
    case Kind::Int:
        return std::to_string(dice_.between(0, type.hi));
    case Kind::Phase:
        return kPhases[dice_.below(kPhases.size())];
    case Kind::Id:
        if (model_.symmetric) return std::nullopt;
        return std::to_string(dice_.between(0, model_.ids - 1));
    case Kind::Cpu:
        if (model_.symmetric) return std::nullopt;
        return std::to_string(dice_.between(0, model_.cpus - 1));
    case Kind::Mask:
        if (model_.symmetric) return dice_.chance(50) ? "0" : "cpu_all_mask";
        return std::to_string(dice_.between(0, (1 << model_.cpus) - 1));
    }
    return std::nullopt;
}

// The names and variables that can be read as a value of `type` here.
std::vector<std::string> Expressions::readings(const Type& type, Scope& scope, bool narrower_ints) {
    auto fits = [&](const Type& t) {
        if (narrower_ints && type.kind == Kind::Int && t.kind == Kind::Int) return t.hi <= type.hi;
        return same_type(t, type);
    };
    std::vector<std::string> out;
    for (const Name& n : scope.names) {
        if (fits(n.type)) out.push_back(n.name);
    }
    for (const Variable& v : model_.variables) {
        if (!fits(v.type)) continue;
        if (std::optional<std::string> r = reference(v, scope)) out.push_back(*r);
    }
    return out;
}

std::optional<std::string> Expressions::cpu_value(Scope& scope) {
    std::vector<std::string> options = readings(Type{Kind::Cpu}, scope, false);
    if (scope.on_cpu && !scope.invariant) {
        options.push_back("this_cpu");
        options.push_back("this_cpu");
    }
    if (std::optional<std::string> l = literal(Type{Kind::Cpu})) options.push_back(*l);
    if (options.empty()) return std::nullopt;
    return dice_.pick(options);
}

// An index: a name in scope, this_cpu or (asymmetric models) a constant,
// never another variable, so that an index costs no read of its own.
std::optional<std::string> Expressions::index_value(const Type& type, Scope& scope) {
    std::vector<std::string> options;
    for (const Name& n : scope.names) {
        if (same_type(n.type, type)) options.push_back(n.name);
    }
    if (type.kind == Kind::Cpu && scope.on_cpu && !scope.invariant) options.push_back("this_cpu");
    if (std::optional<std::string> l = literal(type)) options.push_back(*l);
    if (options.empty()) return std::nullopt;
    return dice_.pick(options);
}

std::optional<std::string> Expressions::reference(const Variable& variable, Scope& scope) {
    std::string text = variable.name;
    if (variable.per_cpu) {
        bool own = scope.on_cpu && !scope.invariant && dice_.chance(75);
        if (!own) {
            std::optional<std::string> cpu = index_value(Type{Kind::Cpu}, scope);
            if (!cpu) return std::nullopt;
            text += "[" + *cpu + "]";
        }
    }
    if (variable.index == Index::Id) {
        std::optional<std::string> id = index_value(Type{Kind::Id}, scope);
        if (!id) return std::nullopt;
        text += "[" + *id + "]";
    } else if (variable.index == Index::Bool) {
        text += dice_.chance(50) ? "[true]" : "[false]";
    }
    return text;
}

std::string Expressions::integer(Scope& scope) {
    std::vector<std::string> options = readings(Type{Kind::Int, 8}, scope, true);
    // A constant mostly when there is nothing to read: `2 <= 3` tests little.
    if (options.empty() || dice_.chance(15)) options.push_back(std::to_string(dice_.between(0, 3)));
    if (dice_.chance(15)) {
        std::vector<std::string> masks = readings(Type{Kind::Mask}, scope, false);
        if (!masks.empty()) options.push_back("cpumask_weight(" + dice_.pick(masks) + ")");
    }
    return dice_.pick(options);
}

std::optional<std::string> Expressions::value(const Type& type, Scope& scope, int depth) {
    if (type.kind == Kind::Bool) return boolean(scope, depth);
    std::vector<std::string> options = readings(type, scope, true);
    if (type.kind == Kind::Cpu) {
        if (std::optional<std::string> c = cpu_value(scope)) options.push_back(*c);
    } else if (std::optional<std::string> l = literal(type)) {
        options.push_back(*l);
    }
    if (type.kind == Kind::Int && dice_.chance(40)) {
        // One roll per statement: the order of evaluation of arguments is
        // unspecified, and the model must not depend on the compiler.
        const std::string a = integer(scope);
        const char* op = dice_.chance(70) ? "+" : "*";
        const std::string b = integer(scope);
        return parenthesised(a, op, b) + " % " + std::to_string(type.hi + 1);
    }
    if (type.kind == Kind::Mask && dice_.chance(30)) {
        if (std::optional<std::string> c = cpu_value(scope)) {
            options.push_back("cpumask_of(" + *c + ")");
        }
    }
    if (options.empty()) return std::nullopt;
    // Outside atomic code a conditional whose branches are not variables
    // would have to be kept between the steps of its reads: not allowed.
    if (depth > 0 && scope.reads_at_once && dice_.chance(15)) {
        std::string condition = boolean(scope, depth - 1);
        std::optional<std::string> other = value(type, scope, depth - 1);
        if (other) return "(" + condition + " ? " + dice_.pick(options) + " : " + *other + ")";
    }
    if (type.kind == Kind::Mask && depth > 0 && dice_.chance(30)) {
        // One operand a variable: two constants would make an integer.
        std::vector<std::string> masks = readings(type, scope, false);
        if (!masks.empty()) {
            const std::string a = dice_.pick(masks);
            const char* op = dice_.chance(50) ? "|" : "&";
            return parenthesised(a, op, dice_.pick(options));
        }
    }
    return dice_.pick(options);
}

std::string Expressions::comparison(Scope& scope) {
    static const std::array<const char*, 6> kOperators = {"==", "!=", "<", "<=", ">", ">="};
    const std::string a = integer(scope);
    const char* op = kOperators[dice_.below(kOperators.size())];
    return a + " " + op + " " + std::to_string(dice_.between(0, 3));
}

// `a == b` or `a != b` between two values of one non-integer type.
std::string Expressions::equality(Scope& scope) {
    static const std::array<Kind, 5> kKinds = {Kind::Bool, Kind::Phase, Kind::Id, Kind::Cpu,
                                               Kind::Mask};
    Kind kind = kKinds[dice_.below(kKinds.size())];
    if (kind == Kind::Id && model_.ids == 0) kind = Kind::Phase;
    Type type{kind};
    std::vector<std::string> reads = readings(type, scope, false);
    if (reads.empty() && kind != Kind::Cpu) return comparison(scope);
    std::optional<std::string> a =
        kind == Kind::Cpu ? cpu_value(scope) : std::optional<std::string>(dice_.pick(reads));
    std::optional<std::string> b = value(type, scope, 0);
    if (!a || !b) return comparison(scope);
    return *a + (dice_.chance(50) ? " == " : " != ") + "(" + *b + ")";
}

std::string Expressions::quantifier(Scope& scope, int depth) {
    bool over_ids = model_.ids > 0 && dice_.chance(40);
    Name binder{"q" + std::to_string(binders_++), Type{over_ids ? Kind::Id : Kind::Cpu}};
    scope.names.push_back(binder);
    std::string body = boolean(scope, depth - 1);
    scope.names.pop_back();
    return std::string("(") + (dice_.chance(50) ? "forall " : "exists ") + binder.name + ": " +
           type_name(binder.type) + ". " + body + ")";
}

std::string Expressions::boolean(Scope& scope, int depth) {
    int roll = static_cast<int>(dice_.below(100));
    if (depth > 0 && roll < 30) {
        int shape = static_cast<int>(dice_.below(4));
        if (shape == 0) return "!(" + boolean(scope, depth - 1) + ")";
        if (shape == 3 && scope.reads_at_once) return quantifier(scope, depth);
        const std::string a = boolean(scope, depth - 1);
        return parenthesised(a, shape == 1 ? "&&" : "||", boolean(scope, depth - 1));
    }
    if (roll < 55) {
        std::vector<std::string> flags = readings(Type{Kind::Bool}, scope, false);
        if (!flags.empty()) return dice_.pick(flags);
    }
    if (roll < 70) return comparison(scope);
    if (roll < 85) return equality(scope);
    if (roll < 95) {
        std::vector<std::string> masks = readings(Type{Kind::Mask}, scope, false);
        std::optional<std::string> cpu = cpu_value(scope);
        if (!masks.empty() && cpu) {
            return "cpumask_test_cpu(" + *cpu + ", " + dice_.pick(masks) + ")";
        }
        if (!masks.empty()) return "cpumask_empty(" + dice_.pick(masks) + ")";
    }
    if (scope.on_cpu && !scope.invariant && !scope.hardware && dice_.chance(50)) {
        return dice_.chance(50) ? "irqs_disabled()" : "in_irq()";
    }
    if (!model_.variants.empty() && dice_.chance(30)) {
        return "variant(" + dice_.pick(model_.variants) + ")";
    }
    if (dice_.chance(80)) return comparison(scope);
    return dice_.chance(50) ? "true" : "false";
}

} // namespace shootdown::random_models
