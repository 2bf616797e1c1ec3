// The kernel primitives a litmus thread may call, each with its x86-TSO
// meaning (the table in /work/shared/litmus/README.md). Names that differ
// only by an ordering suffix (_relaxed, _acquire, _release) mean the same on
// x86: every locked instruction is a full fence.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shootdown::litmus {

struct Primitive {
    enum class Kind {
        Load,            // a plain load
        Store,           // a plain store, through the store buffer
        Fence,           // smp_mb(): the store buffer drains first
        CompilerBarrier, // only restrains the compiler: nothing to execute on x86
        FetchAdd,        // LOCK XADD: returns the old value (if it returns anything)
        AddReturn,       // LOCK XADD: returns the new value
        AddAndTest,      // LOCK XADD: returns new == 0
        Xchg,            // XCHG (implicitly locked): returns the old value
        Cmpxchg,         // LOCK CMPXCHG, a full fence even when the compare fails
        AddUnless,       // a plain load, then a LOCK CMPXCHG loop; returns whether it added
        SpinLock,        // LOCK CMPXCHG 0 -> 1 on the lock word until it succeeds
        SpinTrylock,     // one LOCK CMPXCHG 0 -> 1; returns whether it succeeded
        SpinUnlock,      // a plain store of 0
        SpinIsLocked,    // a plain load of the lock word, != 0
    };
    // How the location is passed: `READ_ONCE(*x)` or `smp_load_acquire(x)`.
    enum class Address { Location, Pointer, None };

    std::string_view name;
    Kind kind;
    Address address;
    int arguments;           // in all
    int location_argument;   // which one names the location (-1: none)
    std::int64_t addend = 0; // FetchAdd..AddAndTest, AddUnless: a fixed amount (0: an argument)
    int sign = 1;            // -1 for the _sub_ and _dec_ forms
    bool returns = false;    // whether it has a value
};

// nullptr if `name` is not a primitive (after dropping an ordering suffix).
const Primitive* find_primitive(std::string_view name);

// rcu_*, srcu_*, synchronize_rcu, call_rcu...: grace periods are not modelled.
bool is_rcu(std::string_view name);

// Every primitive's name, for "did you mean" hints.
std::vector<std::string> primitive_names();

} // namespace shootdown::litmus
