#include "tests/random/model_generator.hpp"

#include <array>

#include "tests/random/protocols.hpp"
#include "tests/random/statements.hpp"

namespace shootdown::random_models {

LoadOptions GeneratedModel::load_options() const {
    LoadOptions options;
    options.memory = tso ? ir::MemoryModel::TSO : ir::MemoryModel::SC;
    options.store_buffer = store_buffer;
    options.variant = variant;
    return options;
}

std::uint64_t GeneratedModel::symmetry_group_size() const {
    auto factorial = [](int n) {
        std::uint64_t f = 1;
        for (int i = 2; i <= n; ++i)
            f *= static_cast<std::uint64_t>(i);
        return f;
    };
    return factorial(cpus) * factorial(ids);
}

namespace {

class Generator {
public:
    explicit Generator(std::uint64_t seed)
        : dice_(seed), expressions_(dice_, model_), statements_(dice_, model_, expressions_) {
        out_.seed = seed;
    }
    GeneratedModel run();

private:
    void choose_shape();
    void declare_types(Code& code);
    void declare_variables(Code& code);
    Variable random_variable(int number);
    std::string initialiser(Variable& v);
    std::string invariant_body(Scope& scope);
    void write_handler(Code& code);
    void write_procedure(Code& code);
    void write_function(Code& code);
    void declare_extras(Code& code);
    void write_hardware(Code& code);
    void write_invariants(Code& code);
    void write_process(Code& code);

    Dice dice_;
    Model model_;
    Expressions expressions_;
    Statements statements_;
    GeneratedModel out_;
    Protocol protocol_ = Protocol::None;

    // Every fifth seed stresses partial-order reduction: TSO (drains), an
    // IPI handler (sent both ways) and a hardware action on every CPU.
    [[nodiscard]] bool por_stress() const { return out_.seed % 5 == 4; }
};

void Generator::choose_shape() {
    const int cpus = static_cast<int>(dice_.below(100));
    model_.cpus = cpus < 65 ? 2 : cpus < 92 ? 3 : 4;
    const int roll = static_cast<int>(dice_.below(10));
    model_.ids = roll < 5 ? 0 : roll < 9 ? 2 : 3;
    model_.symmetric = dice_.chance(75);
    model_.tso = dice_.chance(35) || por_stress();
    out_.cpus = model_.cpus;
    out_.ids = model_.ids;
    out_.symmetric = model_.symmetric;
    out_.tso = model_.tso;
    const int buffer = static_cast<int>(dice_.below(20));
    out_.store_buffer = buffer < 10 ? 1 : buffer < 17 ? 2 : 3;
    model_.hardware_writes_shared = dice_.chance(20);
}

void Generator::declare_types(Code& code) {
    code.line("type cpu = cpus(" + std::to_string(model_.cpus) + ");");
    for (int hi = 1; hi <= 8; ++hi) { // 8: a counter of 4 CPUs, 2 increments each
        code.line("type n" + std::to_string(hi) + " = int<0.." + std::to_string(hi) + ">;");
    }
    code.line("enum phase { IDLE, BUSY, DONE };");
    if (model_.ids > 0) code.line("type id = scalarset(" + std::to_string(model_.ids) + ");");
    if (model_.tso) code.line("memory tso;");
}

Variable Generator::random_variable(int number) {
    Variable v;
    const int storage = static_cast<int>(dice_.below(10));
    v.storage = storage < 6 ? Storage::Shared : storage < 8 ? Storage::Hw : Storage::Ghost;
    static const char* kPrefixes[] = {"s", "h", "g"};
    v.name = kPrefixes[static_cast<int>(v.storage)] + std::to_string(number);
    v.per_cpu = dice_.chance(40);
    const int index = static_cast<int>(dice_.below(10));
    if (index < 3 && model_.ids > 0) v.index = Index::Id;
    if (index == 3) v.index = Index::Bool;
    const int kind = static_cast<int>(dice_.below(100));
    if (kind < 35) {
        v.type = Type{Kind::Bool};
    } else if (kind < 60) {
        v.type = Type{Kind::Int, dice_.between(1, 3)};
    } else if (kind < 75) {
        v.type = Type{Kind::Phase};
    } else if (kind < 85) {
        v.type = Type{Kind::Mask};
    } else if (kind < 95 && model_.ids > 0 && !model_.symmetric) {
        v.type = Type{Kind::Id};
    } else if (!model_.symmetric) {
        v.type = Type{Kind::Cpu};
    } else {
        v.type = Type{Kind::Bool};
    }
    return v;
}

// Symmetric models start every element at the same constant; the others
// sometimes give each element its own. Records the common initial value.
std::string Generator::initialiser(Variable& v) {
    static const char* kFirst[] = {"false", "0", "IDLE", "0", "0", "0"};
    v.initial = kFirst[static_cast<int>(v.type.kind)];
    if (v.counter) return ""; // starts at 0: its range allows every increment
    const bool one_dimension = v.per_cpu != (v.index != Index::None);
    if (!model_.symmetric && one_dimension && dice_.chance(40)) {
        std::string list = " = {";
        const int count = v.per_cpu ? model_.cpus : v.index == Index::Id ? model_.ids : 2;
        for (int i = 0; i < count; ++i) {
            list += (i > 0 ? ", " : "") + expressions_.literal(v.type).value_or("0");
        }
        v.initial.clear();
        return list + "}";
    }
    if (dice_.chance(50)) return "";
    std::optional<std::string> value = expressions_.literal(v.type);
    if (!value) return "";
    v.initial = *value;
    return " = " + *value;
}

void Generator::declare_variables(Code& code) {
    const int count = dice_.between(3, 6);
    for (int i = 0; i < count; ++i)
        model_.variables.push_back(random_variable(i));
    if (dice_.chance(35)) {
        const int increments = dice_.between(1, 2);
        statements_.counter_increments = increments;
        model_.counter_may_overflow = dice_.chance(10);
        Variable c;
        c.name = "c" + std::to_string(count);
        c.type = Type{Kind::Int, model_.cpus * increments};
        c.counter = true;
        model_.variables.push_back(c);
    }
    out_.counter_may_overflow = model_.counter_may_overflow;
    static const char* kStorage[] = {"shared", "hw", "ghost"};
    static const char* kIndex[] = {"", "[id]", "[bool]"};
    for (Variable& v : model_.variables) {
        v.serializing = v.storage == Storage::Hw && dice_.chance(30);
        std::string text = kStorage[static_cast<int>(v.storage)];
        if (v.per_cpu) text += " per_cpu";
        if (v.serializing) text += " serializing";
        text += " " + type_name(v.type) + " " + v.name + kIndex[static_cast<int>(v.index)];
        code.line(text + initialiser(v) + ";");
    }
}

// An IPI handler, with a parameter (the kernel's `void *info`) half the time.
void Generator::write_handler(Code& code) {
    Name handler{"irq" + std::to_string(model_.handlers.size()), Type{Kind::Bool}};
    Scope scope;
    scope.handler = true;
    std::string head = "irq " + handler.name + "(";
    if (dice_.chance(50)) {
        const Type type = model_.ids > 0 && dice_.chance(50) ? Type{Kind::Id}
                          : dice_.chance(50)                 ? Type{Kind::Phase}
                                                             : Type{Kind::Int, 2};
        handler.type = type;
        head += type_name(type) + " info";
        scope.names.push_back(Name{"info", type});
    }
    model_.handlers.push_back(handler);
    code.open(head + ")");
    statements_.block(code, scope, dice_.between(1, 2));
    code.close();
}

// A void function the process calls (inlined at each call).
void Generator::write_procedure(Code& code) {
    const std::string name = "helper" + std::to_string(model_.procedures.size());
    Scope scope;
    scope.in_function = true;
    code.open("void " + name + "()");
    statements_.block(code, scope, dice_.between(1, 2));
    code.close();
    model_.procedures.push_back(name);
}

// A value function: some code, then a conditional early return and a
// final one (the result keeps the declared type across steps).
void Generator::write_function(Code& code) {
    static const std::array<Type, 3> kTypes = {Type{Kind::Bool}, Type{Kind::Int, 2},
                                               Type{Kind::Phase}};
    const Name function{"calc" + std::to_string(model_.functions.size()),
                        kTypes[dice_.below(kTypes.size())]};
    const std::string type = type_name(function.type);
    Scope scope;
    scope.in_function = true;
    scope.returns_value = true;
    scope.names.push_back(Name{"arg", function.type});
    code.open(type + " " + function.name + "(" + type + " arg)");
    statements_.block(code, scope, dice_.between(0, 1));
    code.open("if (" + expressions_.boolean(scope, 1) + ")");
    code.line("return " + expressions_.value(function.type, scope, 1).value_or("arg") + ";");
    code.close();
    code.line("return " + expressions_.value(function.type, scope, 1).value_or("arg") + ";");
    code.close();
    model_.functions.push_back(function);
}

// Variants, a parameter and a statistic: declarations the search ignores
// but the front end must get right.
void Generator::declare_extras(Code& code) {
    if (dice_.chance(25)) {
        model_.variants = {"V0", "V1"};
        code.line("variant V0, V1;");
        out_.variant = dice_.chance(50) ? "" : "V1";
    }
    if (dice_.chance(25)) {
        Scope scope;
        scope.on_cpu = false;
        scope.reads_at_once = true;
        scope.invariant = true;
        code.line("statistic stat0: " + expressions_.integer(scope) + ";");
    }
}

// An MMU-like action: fires whenever its guard holds and it changes hw or
// ghost state.
void Generator::write_hardware(Code& code) {
    bool writes_something = false;
    for (const Variable& v : model_.variables) {
        writes_something |= v.storage != Storage::Shared && !v.counter;
    }
    if (!writes_something) return;
    Scope scope;
    scope.hardware = true;
    scope.reads_at_once = true;
    code.open("hardware mmu()");
    code.line("await " + expressions_.boolean(scope, 1) + ";");
    statements_.block(code, scope, dice_.between(1, 2));
    code.close();
}

// Mostly "a variable still has its initial value, or ...": true in the
// initial state, so violations need a few steps.
std::string Generator::invariant_body(Scope& scope) {
    std::vector<const Variable*> counters, guards;
    for (const Variable& v : model_.variables) {
        if (v.counter) counters.push_back(&v);
        if (!v.counter && !v.initial.empty()) guards.push_back(&v);
    }
    if (!counters.empty() && dice_.chance(30)) {
        const Variable& c = *dice_.pick(counters);
        return c.name + " <= " + std::to_string(dice_.between(1, c.type.hi - 1));
    }
    std::string text;
    for (int g = 0; g < 2 && !guards.empty() && dice_.chance(g == 0 ? 85 : 40); ++g) {
        const Variable& v = *dice_.pick(guards);
        std::optional<std::string> ref = expressions_.reference(v, scope);
        if (ref) text += *ref + " == " + v.initial + " || ";
    }
    return text + expressions_.boolean(scope, 2);
}

void Generator::write_invariants(Code& code) {
    const int count = dice_.between(protocol_ == Protocol::None ? 1 : 0, 2);
    for (int i = 0; i < count; ++i) {
        Scope scope;
        scope.on_cpu = false;
        scope.reads_at_once = true;
        scope.invariant = true;
        std::string text = "invariant inv" + std::to_string(i) + ": ";
        if (dice_.chance(70)) {
            text += "forall c: cpu. ";
            scope.names.push_back(Name{"c", Type{Kind::Cpu}});
        }
        if (model_.ids > 0 && dice_.chance(30)) {
            text += "forall a: id. ";
            scope.names.push_back(Name{"a", Type{Kind::Id}});
        }
        code.line(text + invariant_body(scope) + ";");
    }
}

void Generator::write_process(Code& code) {
    static const int kBudgets[][2] = {{4, 8}, {2, 4}, {1, 2}}; // for 2, 3, 4 CPUs
    const auto& range = kBudgets[model_.cpus - 2];
    int budget = dice_.between(range[0], range[1]);
    if (model_.tso) budget = std::max(2, budget - 1);
    if (protocol_ != Protocol::None) budget = std::max(1, budget - 2);
    Scope scope;
    code.open("process");
    if (!model_.symmetric && dice_.chance(60)) {
        code.open("if (this_cpu == 0)");
        statements_.block(code, scope, budget / 2 + 1);
        code.reopen("} else {");
        statements_.block(code, scope, budget / 2 + 1);
        code.close();
    } else {
        statements_.block(code, scope, budget);
    }
    // Exercise the handler; with 3 CPUs pending IPIs multiply the states.
    if (dice_.chance(model_.cpus == 2 ? 80 : 40)) statements_.send_ipi(code, scope);
    write_protocol(protocol_, dice_, code, [&](Code& critical) {
        if (dice_.chance(60)) statements_.block(critical, scope, 1);
    });
    if (dice_.chance(30)) statements_.block(code, scope, 1);
    code.close();
}

GeneratedModel Generator::run() {
    choose_shape();
    Code code;
    declare_types(code);
    declare_variables(code);
    protocol_ = pick_protocol(dice_);
    declare_protocol(protocol_, code);
    write_invariants(code);
    declare_extras(code);
    if (por_stress() || dice_.chance(model_.cpus == 2 ? 40 : model_.cpus == 3 ? 25 : 10))
        write_handler(code);
    if (dice_.chance(30)) write_procedure(code);
    if (dice_.chance(25)) write_function(code);
    if (por_stress() || dice_.chance(30)) write_hardware(code);
    write_process(code);
    out_.atomic_may_stall = model_.atomic_may_stall;
    out_.text = "// generated by tests/random from seed " + std::to_string(out_.seed) +
                "; check with --store-buffer " + std::to_string(out_.store_buffer) +
                (out_.variant.empty() ? "" : " --variant " + out_.variant) + "\n" + code.text();
    return out_;
}

} // namespace

GeneratedModel generate_model(std::uint64_t seed) {
    return Generator(seed).run();
}

} // namespace shootdown::random_models
