// The kernel primitives a litmus thread may call (the table in
// /work/shared/litmus/README.md). Those the model language has as builtins
// take their meaning from its registry (model/ir/builtins.hpp): arguments,
// location, addend, ordering class. The others (spin locks, the conditional
// and the _sub_ atomics) are litmus rows of their own, with an ordering class
// from the same ir::Ordering. Names that differ only by an ordering suffix
// (_relaxed, _acquire, _release) are the same primitive with that ordering.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/ir/builtins.hpp"

namespace shootdown::litmus {

struct Primitive {
    // How the translation writes it in .sd (translate.cpp).
    enum class Kind {
        Load,         // a plain load
        Store,        // a plain store, through the store buffer
        Barrier,      // smp_mb() if ir::x86_emits_fence(ordering), else nothing on x86
        FetchAdd,     // LOCK XADD: returns the old value (if it returns anything)
        AddReturn,    // LOCK XADD: returns the new value
        AddAndTest,   // LOCK XADD: returns new == 0
        Xchg,         // XCHG (implicitly locked): returns the old value
        Cmpxchg,      // LOCK CMPXCHG, a full fence even when the compare fails
        AddUnless,    // a plain load, then a LOCK CMPXCHG loop; returns whether it added
        SpinLock,     // LOCK CMPXCHG 0 -> 1 on the lock word until it succeeds
        SpinTrylock,  // one LOCK CMPXCHG 0 -> 1; returns whether it succeeded
        SpinUnlock,   // a plain store of 0
        SpinIsLocked, // a plain load of the lock word, != 0
    };
    // How the location is passed: `READ_ONCE(*x)` or `smp_load_acquire(x)`.
    using Address = ir::Address;

    std::string_view name;
    Kind kind;
    ir::Ordering ordering;
    Address address;
    int arguments;           // in all
    int location_argument;   // which one names the location (-1: none)
    std::int64_t addend = 0; // FetchAdd..AddAndTest, AddUnless: a fixed amount (0: an argument)
    int sign = 1;            // -1 for the _sub_ and _dec_ forms
    bool returns = false;    // whether it has a value
};

// std::nullopt if `name` is not a primitive (after dropping an ordering
// suffix, which sets the ordering class).
std::optional<Primitive> find_primitive(std::string_view name);

// rcu_*, srcu_*, synchronize_rcu, call_rcu...: grace periods are not modelled.
bool is_rcu(std::string_view name);

// Every primitive's name, for "did you mean" hints.
std::vector<std::string> primitive_names();

} // namespace shootdown::litmus
