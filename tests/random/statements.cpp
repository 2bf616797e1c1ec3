#include "tests/random/statements.hpp"

#include <array>

namespace shootdown::random_models {

namespace {

bool writable(const Variable& v, const Scope& scope) {
    return !v.counter && !(scope.hardware && v.storage == Storage::Shared);
}

bool lockable(const Variable& v, const Scope&) {
    return !v.counter && v.storage != Storage::Ghost;
}

bool spinnable(const Variable& v, const Scope&) {
    return v.storage != Storage::Ghost && v.type.kind == Kind::Bool;
}

bool counter(const Variable& v, const Scope&) {
    return v.counter;
}

// Values a `for` body may store whatever the iteration order: constants.
bool order_free(const Variable& v, const Scope& scope) {
    return writable(v, scope) && v.type.kind != Kind::Id && v.type.kind != Kind::Cpu;
}

} // namespace

const Variable* Statements::pick_variable(bool (*wanted)(const Variable&, const Scope&),
                                          const Scope& scope) {
    std::vector<const Variable*> options;
    for (const Variable& v : model_.variables) {
        if (wanted(v, scope)) options.push_back(&v);
    }
    if (options.empty()) return nullptr;
    return dice_.pick(options);
}

void Statements::block(Code& code, Scope& scope, int budget) {
    const std::size_t names = scope.names.size();
    const std::size_t before = code.text().size();
    int spent = 0;
    for (int count = 0; spent < budget && count < 6; ++count) {
        spent += statement(code, scope, budget - spent);
    }
    if (code.text().size() == before) code.line("skip;");
    scope.names.resize(names);
}

namespace {

enum class Shape {
    WriteGlobal,
    DeclareLocal,
    AssignLocal,
    Branch,
    Either,
    Choose,
    Await,
    Atomic,
    Fence,
    LockedUpdate,
    Counter,
    Loop,
    Ipi,
    IrqsOff,
    Check,
    ForEach,
    Call,
    Leave,
};

// How often each statement is tried, out of the sum of weights.
struct Weight {
    Shape shape;
    int weight;
};
constexpr std::array<Weight, 18> kWeights = {{
    {Shape::WriteGlobal, 20},
    {Shape::DeclareLocal, 8},
    {Shape::AssignLocal, 4},
    {Shape::Branch, 9},
    {Shape::Either, 8},
    {Shape::Choose, 5},
    {Shape::Await, 5},
    {Shape::Atomic, 7},
    {Shape::Fence, 4},
    {Shape::LockedUpdate, 6},
    {Shape::Counter, 4},
    {Shape::Loop, 7},
    {Shape::Ipi, 6},
    {Shape::IrqsOff, 3},
    {Shape::Check, 2},
    {Shape::ForEach, 4},
    {Shape::Call, 5},
    {Shape::Leave, 2},
}};

Shape roll_shape(Dice& dice) {
    int total = 0;
    for (const Weight& w : kWeights)
        total += w.weight;
    int roll = static_cast<int>(dice.below(static_cast<std::uint64_t>(total)));
    for (const Weight& w : kWeights) {
        if (roll < w.weight) return w.shape;
        roll -= w.weight;
    }
    return Shape::WriteGlobal;
}

} // namespace

int Statements::statement(Code& code, Scope& scope, int budget) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        const int cost = try_statement(static_cast<int>(roll_shape(dice_)), code, scope, budget);
        if (cost > 0) return cost;
    }
    code.line("skip;");
    return 1;
}

// The cost of the statement written, or 0 if it does not fit here.
int Statements::try_statement(int shape, Code& code, Scope& scope, int budget) {
    const bool process = !scope.hardware && !scope.handler;
    const bool sequential = process && !scope.in_atomic; // may take several steps
    switch (static_cast<Shape>(shape)) {
    case Shape::WriteGlobal:
        return write_global(code, scope) ? 1 : 0;
    case Shape::DeclareLocal:
        return declare_local(code, scope) ? 1 : 0;
    case Shape::AssignLocal:
        return assign_local(code, scope) ? 1 : 0;
    case Shape::Branch:
        return budget >= 2 ? branch(code, scope, budget) : 0;
    case Shape::Either:
        return budget >= 2 ? either(code, scope, budget) : 0;
    case Shape::Choose:
        return choose(code, scope, budget);
    case Shape::Await: {
        if (scope.hardware) return 0; // its guard is the action's own await
        Scope at_once = scope;
        at_once.reads_at_once = true;
        code.line("await " + expressions_.boolean(at_once, 1) + ";");
        return 1;
    }
    case Shape::Atomic:
        return !scope.in_atomic && !scope.hardware ? atomic(code, scope) : 0;
    case Shape::Fence: {
        if (scope.hardware) return 0;
        static const std::array<const char*, 4> kFences = {"smp_mb();", "smp_mb();", "sync_core();",
                                                           "barrier();"};
        const std::string fence = kFences[dice_.below(kFences.size())];
        if (fence != "barrier();") note_drain();
        code.line(fence);
        return 1;
    }
    case Shape::LockedUpdate:
        return !scope.hardware && locked_update(code, scope) ? 1 : 0;
    case Shape::Counter:
        return process && increment_counter(code, scope) ? 1 : 0;
    case Shape::Loop:
        return sequential && budget >= 3 ? loop(code, scope, budget) : 0;
    case Shape::Ipi: // also from a handler, as flush_tlb_func_remote() may
        return !scope.hardware && !scope.in_atomic && send_ipi(code, scope) ? 2 : 0;
    case Shape::IrqsOff:
        return sequential && budget >= 3 && !irqs_disabled_ ? irqs_off(code, scope, budget) : 0;
    case Shape::Check:
        check(code, scope);
        return 1;
    case Shape::ForEach:
        if (sequential && budget >= 2) return for_loop(code, scope);
        return scope.in_atomic && for_each(code, scope) ? 1 : 0;
    case Shape::Call:
        return sequential && !scope.in_function ? call(code, scope) : 0;
    case Shape::Leave:
        return leave(code, scope) ? 1 : 0;
    }
    return 0;
}

bool Statements::write_global(Code& code, Scope& scope) {
    const Variable* v = pick_variable(writable, scope);
    if (scope.hardware && model_.hardware_writes_shared && dice_.chance(50)) {
        Scope anywhere = scope;
        anywhere.hardware = false; // the MMU may write memory directly (accessed bits)
        v = pick_variable(writable, anywhere);
    }
    if (v == nullptr) return false;
    std::optional<std::string> target = expressions_.reference(*v, scope);
    std::optional<std::string> value = expressions_.value(v->type, scope, 1);
    if (!target || !value) return false;
    if (v->storage == Storage::Shared) note_store();
    if (v->serializing) note_drain();
    if (v->storage != Storage::Ghost && dice_.chance(40)) {
        code.line("WRITE_ONCE(" + *target + ", " + *value + ");");
    } else {
        code.line(*target + " = " + *value + ";");
    }
    return true;
}

bool Statements::declare_local(Code& code, Scope& scope) {
    static const std::array<Type, 8> kTypes = {
        Type{Kind::Bool},  Type{Kind::Bool}, Type{Kind::Int, 1}, Type{Kind::Int, 2},
        Type{Kind::Phase}, Type{Kind::Id},   Type{Kind::Cpu},    Type{Kind::Mask}};
    Type type = kTypes[dice_.below(kTypes.size())];
    if (type.kind == Kind::Id && model_.ids == 0) type = Type{Kind::Int, 3};
    std::optional<std::string> value = expressions_.value(type, scope, 1);
    if (!value) return false;
    Name local{fresh("t"), type, true};
    code.line(type_name(type) + " " + local.name + " = " + *value + ";");
    scope.names.push_back(local);
    return true;
}

bool Statements::assign_local(Code& code, Scope& scope) {
    std::vector<const Name*> locals;
    for (const Name& n : scope.names) {
        if (n.assignable) locals.push_back(&n);
    }
    if (locals.empty()) return false;
    const Name local = *dice_.pick(locals); // a copy: value() may grow scope.names
    std::optional<std::string> value = expressions_.value(local.type, scope, 1);
    if (!value) return false;
    code.line(local.name + " = " + *value + ";");
    return true;
}

int Statements::branch(Code& code, Scope& scope, int budget) {
    const int inner = std::max(1, (budget - 1) / 2);
    code.open("if (" + expressions_.boolean(scope, 1) + ")");
    block(code, scope, inner);
    if (dice_.chance(50)) {
        code.reopen("} else {");
        block(code, scope, inner);
    }
    code.close();
    return 1 + inner;
}

int Statements::either(Code& code, Scope& scope, int budget) {
    const int branches = dice_.chance(75) ? 2 : 3;
    const int inner = std::max(1, budget / branches);
    code.open("either");
    block(code, scope, inner);
    for (int b = 1; b < branches; ++b) {
        code.reopen("} or {");
        block(code, scope, inner);
    }
    code.close();
    return inner;
}

int Statements::choose(Code& code, Scope& scope, int budget) {
    std::vector<Type> types = {Type{Kind::Cpu}, Type{Kind::Int, 1}, Type{Kind::Int, 2},
                               Type{Kind::Phase}};
    if (model_.ids > 0) types.push_back(Type{Kind::Id});
    const Type type = dice_.pick(types);
    Name chosen{fresh("x"), type, false};
    std::string head = "choose " + chosen.name + " in " + type_name(type);
    if (type.kind == Kind::Cpu && scope.on_cpu && dice_.chance(60)) {
        head += " where " + chosen.name + " != this_cpu";
    } else if (dice_.chance(30)) {
        for (const Name& n : scope.names) {
            if (!same_type(n.type, type)) continue;
            head += " where " + chosen.name + " != " + n.name;
            break;
        }
    }
    code.open(head);
    scope.names.push_back(chosen);
    block(code, scope, std::max(1, budget - 1));
    scope.names.pop_back();
    code.close();
    return std::max(1, budget - 1);
}

int Statements::atomic(Code& code, Scope& scope) {
    Scope inner = scope;
    inner.reads_at_once = true;
    inner.in_atomic = true;
    in_atomic_block_ = true;
    stored_in_block_ = false;
    code.open("atomic");
    block(code, inner, dice_.between(1, 3));
    code.close();
    in_atomic_block_ = false;
    return 1;
}

// A buffered store (under TSO) in the code being written.
void Statements::note_store() {
    if (!in_atomic_block_) return;
    if (stored_in_block_) model_.atomic_may_stall = true; // a store buffer of 1 is full
    stored_in_block_ = true;
}

// An operation that waits for an empty store buffer.
void Statements::note_drain() {
    if (in_atomic_block_ && stored_in_block_) model_.atomic_may_stall = true;
}

int Statements::loop(Code& code, Scope& scope, int budget) {
    const int inner = std::max(1, budget / 3);
    const int shape = static_cast<int>(dice_.below(3));
    if (shape == 2) {
        const Variable* flag = pick_variable(spinnable, scope);
        std::optional<std::string> ref =
            flag == nullptr ? std::nullopt : expressions_.reference(*flag, scope);
        if (ref) {
            std::string wanted = dice_.chance(50) ? "!" : "";
            code.open("while (" + wanted + "READ_ONCE(" + *ref + "))");
            code.line("cpu_relax();");
            code.close();
            return 2;
        }
    }
    Scope body = scope;
    body.in_loop = true;
    if (shape == 1) {
        Name round{fresh("i"), Type{Kind::Int, 2}, false};
        code.line("n2 " + round.name + " = 0;");
        scope.names.push_back(round);
        body.names.push_back(round);
        code.open("while (" + round.name + " < 2)");
        block(code, body, inner);
        code.line(dice_.chance(50) ? round.name + "++;"
                                   : round.name + " = " + round.name + " + 1;");
        code.close();
        return 2 * inner;
    }
    code.open("while (true)");
    code.open("either");
    block(code, body, inner);
    code.reopen("} or {");
    code.line("break;");
    code.close();
    code.close();
    return 2 * inner;
}

bool Statements::locked_update(Code& code, Scope& scope) {
    const Variable* v = pick_variable(lockable, scope);
    if (v == nullptr) return false;
    std::optional<std::string> target = expressions_.reference(*v, scope);
    if (!target) return false;
    if (v->type.kind == Kind::Mask) {
        static const std::array<const char*, 5> kMaskOps = {
            "cpumask_set_cpu", "cpumask_clear_cpu", "cpumask_test_and_set_cpu",
            "cpumask_test_and_clear_cpu", "__cpumask_set_cpu"};
        const std::string op = kMaskOps[dice_.below(kMaskOps.size())];
        std::optional<std::string> cpu = expressions_.value(Type{Kind::Cpu}, scope, 0);
        if (!cpu) return false;
        std::string call = op + "(" + *cpu + ", &" + *target + ")";
        if (op == "__cpumask_set_cpu") {
            note_store();
        } else {
            note_drain();
        }
        if (op.find("test_and") == std::string::npos) {
            code.line(call + ";");
            return true;
        }
        Name old{fresh("t"), Type{Kind::Bool}, true};
        code.line("bool " + old.name + " = " + call + ";");
        scope.names.push_back(old);
        return true;
    }
    std::optional<std::string> a = expressions_.value(v->type, scope, 0);
    std::optional<std::string> b = expressions_.value(v->type, scope, 0);
    if (!a || !b) return false;
    note_drain();
    std::string call = dice_.chance(50) ? "xchg(&" + *target + ", " + *a + ")"
                                        : "cmpxchg(&" + *target + ", " + *a + ", " + *b + ")";
    Name old{fresh("t"), v->type, true};
    code.line(type_name(v->type) + " " + old.name + " = " + call + ";");
    scope.names.push_back(old);
    return true;
}

bool Statements::increment_counter(Code& code, Scope& scope) {
    if (counter_increments <= 0 && !model_.counter_may_overflow) return false;
    if (scope.in_loop && !model_.counter_may_overflow) return false;
    const Variable* v = pick_variable(counter, scope);
    if (v == nullptr) return false;
    --counter_increments;
    const std::string at = "&" + v->name;
    note_drain(); // the += and ++ forms store instead: also a stall after a store
    note_store();
    switch (dice_.below(4)) {
    case 0:
        code.line("atomic_inc(" + at + ");");
        return true;
    case 1:
        code.line("atomic_add(1, " + at + ");");
        return true;
    default:
        break;
    }
    Name result{fresh("t"), v->type, false};
    const char* op = dice_.chance(50) ? "atomic_inc_return(" : "atomic_fetch_inc(";
    code.line(type_name(v->type) + " " + result.name + " = " + op + at + ");");
    scope.names.push_back(result);
    return true;
}

bool Statements::send_ipi(Code& code, Scope& scope) {
    if (model_.handlers.empty()) return false;
    const Name handler = dice_.pick(model_.handlers);
    std::string tail = handler.name;
    if (!handler.name.empty() && handler.type.kind != Kind::Bool) {
        std::optional<std::string> arg = expressions_.value(handler.type, scope, 0);
        if (!arg) return false;
        tail += ", " + *arg;
    }
    tail += dice_.chance(50) ? ", true);" : ", false);";
    std::optional<std::string> mask = expressions_.value(Type{Kind::Mask}, scope, 0);
    std::optional<std::string> cpu = expressions_.value(Type{Kind::Cpu}, scope, 0);
    // A handler sends to other CPUs only: a form that runs the (only)
    // handler locally would inline it into itself, a recursion.
    const std::uint64_t form = scope.handler ? 3 * dice_.below(2) : dice_.below(5);
    switch (form) {
    case 0:
        if (!mask) return false;
        code.line("smp_call_function_many(" + *mask + ", " + tail);
        return true;
    case 1:
        if (!mask) return false;
        code.line("on_each_cpu_mask(" + *mask + ", " + tail);
        return true;
    case 2:
        if (!cpu) return false;
        code.line("smp_call_function_single(" + *cpu + ", " + tail);
        return true;
    case 3:
        code.line("smp_call_function(" + tail);
        return true;
    default:
        code.line("on_each_cpu(" + tail);
        return true;
    }
}

// `for (x in T)` with a step in its body; over the CPUs or the scalarset
// only in asymmetric models (the iteration order tells their values apart).
int Statements::for_loop(Code& code, Scope& scope) {
    std::vector<Type> types = {Type{Kind::Bool}, Type{Kind::Int, 1}, Type{Kind::Int, 2},
                               Type{Kind::Phase}};
    if (!model_.symmetric) {
        types.push_back(Type{Kind::Cpu});
        if (model_.ids > 0) types.push_back(Type{Kind::Id});
    }
    const Type type = dice_.pick(types);
    Name x{fresh("x"), type, false};
    Scope body = scope;
    body.in_loop = true;
    body.names.push_back(x);
    code.open("for (" + x.name + " in " + type_name(type) + ")");
    block(code, body, 1);
    code.close();
    return 2;
}

// A call of a void function, or of a value function into a new local.
int Statements::call(Code& code, Scope& scope) {
    if (!model_.functions.empty() && dice_.chance(50)) {
        const Name function = dice_.pick(model_.functions);
        std::optional<std::string> argument = expressions_.value(function.type, scope, 0);
        if (!argument) return 0;
        Name result{fresh("t"), function.type, true};
        code.line(type_name(function.type) + " " + result.name + " = " + function.name + "(" +
                  *argument + ");");
        scope.names.push_back(result);
        return 2;
    }
    if (model_.procedures.empty()) return 0;
    code.line(dice_.pick(model_.procedures) + "();");
    return 2;
}

// `return;` (leaves the process, handler or function) or, in a loop,
// `continue;`, under a condition so that the code after it stays live.
bool Statements::leave(Code& code, Scope& scope) {
    if (scope.in_atomic || scope.hardware || scope.returns_value) return false;
    const bool again = scope.in_loop && dice_.chance(50);
    code.open("if (" + expressions_.boolean(scope, 0) + ")");
    code.line(again ? "continue;" : "return;");
    code.close();
    return true;
}

int Statements::irqs_off(Code& code, Scope& scope, int budget) {
    irqs_disabled_ = true;
    if (dice_.chance(50)) {
        code.line("local_irq_disable();");
        block(code, scope, budget - 2);
        code.line("local_irq_enable();");
    } else {
        const std::string flags = fresh("f");
        code.line("bool " + flags + ";");
        code.line("local_irq_save(" + flags + ");");
        block(code, scope, budget - 2);
        code.line("local_irq_restore(" + flags + ");");
    }
    irqs_disabled_ = false;
    return budget;
}

void Statements::check(Code& code, Scope& scope) {
    const std::string condition = expressions_.boolean(scope, 1);
    if (dice_.chance(70)) {
        code.line("assert " + condition + ", \"check " + std::to_string(asserts_++) + "\";");
    } else {
        code.line("BUG_ON(" + condition + ");");
    }
}

bool Statements::for_each(Code& code, Scope& scope) {
    const Variable* v = pick_variable(order_free, scope);
    // Under TSO the stores queue in iteration order and drain in it: the
    // order shows (seed 883 had `for (x in id) s2[x] = true;` in atomic).
    if (v == nullptr || (model_.tso && v->storage == Storage::Shared)) return false;
    std::optional<std::string> value = expressions_.value(v->type, scope, 0);
    // A value that reads the array being written would depend on the order.
    if (!value || value->find_first_of("[(") != std::string::npos ||
        value->find(v->name) != std::string::npos) {
        return false;
    }
    const std::string x = fresh("x");
    if (v->storage == Storage::Shared) { // a store per iteration
        note_store();
        note_store();
    }
    if (v->serializing) note_drain();
    if (v->index == Index::Id && !(v->per_cpu && scope.invariant)) {
        code.open("for (" + x + " in id)");
        code.line(v->name + "[" + x + "] = " + *value + ";");
    } else if (v->per_cpu && v->index == Index::None) {
        std::optional<std::string> mask = expressions_.value(Type{Kind::Mask}, scope, 0);
        if (!mask) return false;
        code.open("for_each_cpu(" + x + ", " + *mask + ")");
        code.line(v->name + "[" + x + "] = " + *value + ";");
    } else {
        return false;
    }
    code.close();
    return true;
}

} // namespace shootdown::random_models
