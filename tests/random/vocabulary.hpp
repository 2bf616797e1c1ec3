// What a generated model declares, as the code writers see it: the value
// types, the global variables, and the names in scope where code is written.
#pragma once

#include <string>
#include <vector>

namespace shootdown::random_models {

// Every integer type is int<0..hi>, named `n<hi>`, so that values never go
// negative and `% (hi + 1)` always brings a value into range. `Phase` is the
// one enum, `Id` the optional scalarset.
enum class Kind { Bool, Int, Phase, Id, Cpu, Mask };

struct Type {
    Kind kind = Kind::Bool;
    int hi = 1; // Int only
};

enum class Storage { Shared, Hw, Ghost };
enum class Index { None, Id, Bool }; // the dimension after per_cpu, if any

struct Variable {
    std::string name;
    Storage storage = Storage::Shared;
    bool per_cpu = false;
    Index index = Index::None;
    Type type;
    // Only incremented by locked RMWs a bounded number of times (its range
    // is sized for it); plain code never writes it.
    bool counter = false;
    bool serializing = false; // hw only: a write waits for an empty store buffer (TSO)
    // The value every element starts with; empty if they differ.
    std::string initial;
};

// A local, parameter, choose/for variable or quantifier binder.
struct Name {
    std::string name;
    Type type;
    bool assignable = false; // a declared local, not a binder or loop variable
};

// The model-wide facts the writers need.
struct Model {
    int cpus = 2;
    int ids = 0; // scalarset size; 0: no scalarset
    bool symmetric = true;
    bool tso = false;
    std::vector<Variable> variables;
    std::vector<Name> handlers; // irq name and parameter (Kind::Bool with an empty name: none)
    std::vector<std::string> procedures; // void functions without parameters
    std::vector<Name> functions;         // value functions of one parameter of their type
    std::vector<std::string> variants;   // declared variants
    bool hardware_writes_shared = false; // an MMU that sets accessed bits in memory
    // Some atomic block stores to shared memory and then stores again or
    // needs an empty store buffer (fence, locked RMW, serializing write):
    // under TSO it can never run (it cannot drain midway), see the report.
    bool atomic_may_stall = false;
    // Counters may be incremented in loops: a `value in range` violation is
    // possible (deliberately, to exercise that run-time check).
    bool counter_may_overflow = false;
};

// Where code is being written: what it may use and how reads behave.
struct Scope {
    bool on_cpu = true;         // this_cpu and own per_cpu elements exist
    bool reads_at_once = false; // atomic, await, hardware, invariant: quantifiers allowed
    bool invariant = false;     // no this_cpu; per_cpu needs an index
    bool hardware = false;      // writes only hw and ghost state
    bool handler = false;
    bool in_loop = false; // break is possible
    bool in_atomic = false;
    bool in_function = false;   // return leaves the function, not the process
    bool returns_value = false; // in a value function: no bare `return;`
    std::vector<Name> names;
};

inline bool same_type(const Type& a, const Type& b) {
    return a.kind == b.kind && (a.kind != Kind::Int || a.hi == b.hi);
}

} // namespace shootdown::random_models
