// The one registry of the language's builtins: the kernel primitives a model
// (and, through model/litmus/primitives.cpp, a litmus test) may call. One row
// per builtin says what it is: its arguments, how Lowerer::builtin() lowers it,
// whether it only reads its arguments, and its memory-ordering class in the
// kernel's terms (tools/memory-model, Documentation/atomic_t.txt). The
// ordering class is an annotation for a memory model to interpret: its row in
// memory_models.def names the table (x86_emits_fence() in memory_models.cpp).
//
// To add a builtin: a row here (see the checklist in docs/architecture.md).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "model/ir/program.hpp"

namespace shootdown::ir {

// What a builtin orders, as the Linux kernel memory model defines it. "Full"
// orders every earlier access of the CPU before every later one.
enum class Ordering : std::uint8_t {
    None,            // nothing: READ_ONCE(), atomic_inc() and the other non-value-returning RMWs
    Compiler,        // barrier(), cpu_relax(): restrains only the compiler
    Full,            // smp_mb(); value-returning RMWs (cmpxchg() when it succeeds); IPI sends
    ReadBarrier,     // smp_rmb(): earlier loads before later loads
    WriteBarrier,    // smp_wmb(): earlier stores before later stores
    Acquire,         // smp_load_acquire(), spin_lock(): the load before every later access
    Release,         // smp_store_release(), spin_unlock(): every earlier access before the store
    BeforeAtomic,    // smp_mb__before_atomic(): full, together with the next unordered RMW
    AfterAtomic,     // smp_mb__after_atomic(): full, together with the previous unordered RMW
    AfterSpinlock,   // smp_mb__after_spinlock(): full, together with the previous spin_lock()
    AfterUnlockLock, // smp_mb__after_unlock_lock(): full, after an unlock and a lock
    CoreSerializing, // sync_core(): full, and the instruction stream is re-fetched
};

// How a builtin is lowered: one routine per value (Lowerer::builtin()).
enum class Lowering : std::uint8_t {
    Barrier,      // an Ordering only: a Fence if the memory model's emits_fence(), else nothing
    SyncCore,     // the SyncCore instruction
    Load,         // one read of the location argument
    Store,        // one write of the location argument
    Rmw,          // a locked read-modify-write: Builtin::rmw
    MaskUpdate,   // __cpumask_{set,clear}_cpu(): a read, then a write (not locked); Builtin::rmw.op
    IrqDisable,   // local_irq_disable()
    IrqEnable,    // local_irq_enable()
    IrqSave,      // local_irq_save(flags)
    IrqRestore,   // local_irq_restore(flags)
    IrqsDisabled, // irqs_disabled()
    InIrq,        // in_irq(), in_interrupt()
    ProcessorId,  // smp_processor_id()
    Variant,      // variant(NAME): a constant
    MaskTest,     // cpumask_test_cpu(c, mask)
    MaskOf,       // cpumask_of(c)
    MaskEmpty,    // cpumask_empty(mask)
    MaskWeight,   // cpumask_weight(mask)
    BugOn,        // BUG_ON(c): an assert of !c
    Ipi,          // smp_call_function_many() and friends: Builtin::ipi
};

// How the kernel's C passes the location: READ_ONCE(x) takes the location
// itself (`*p` in a litmus thread), atomic_read(v) a pointer to it (`&x` in a
// model, `p` in a litmus thread).
enum class Address : std::uint8_t { None, Location, Pointer };

// Lowering::Rmw (in the kernel's argument order: atomic_add(i, v)).
struct RmwShape {
    RmwOp op = RmwOp::Add;
    RmwResult result = RmwResult::None;
    std::int64_t addend = 0; // Add with no operand: +1 / -1
    bool negate = false;     // atomic_sub(i, v): adds -i
};

// Lowering::Ipi: smp_call_function_many(mask, handler, [arg,] wait) and friends.
struct IpiShape {
    enum class Targets : std::uint8_t { Mask, Cpu, All }; // what the first argument names
    Targets targets = Targets::Mask;
    bool runs_locally = false; // the sender runs the handler itself if it is a target
};

inline constexpr int kVariadic = -1; // Builtin::args: the lowering checks the count

struct Builtin {
    std::string_view name;
    int args; // how many, or kVariadic
    Lowering lowering;
    Ordering ordering;
    bool pure = false; // reads nothing but its arguments (no memory, no step)
    Address address = Address::None;
    int location_arg = -1; // which argument is the location (Load, Store, Rmw, MaskUpdate)
    RmwShape rmw{};
    IpiShape ipi{};
};

namespace builtin_rows {

using L = Lowering;
using O = Ordering;
using A = Address;
using T = IpiShape::Targets;

constexpr Builtin barrier(std::string_view name, Ordering o) {
    return {name, 0, L::Barrier, o};
}
constexpr Builtin rmw(std::string_view name, int args, Ordering o, int location_arg, RmwShape s,
                      Address a = A::Pointer) {
    return {name, args, L::Rmw, o, false, a, location_arg, s};
}
constexpr Builtin load(std::string_view name, Ordering o, Address a) {
    return {name, 1, L::Load, o, false, a, 0};
}
constexpr Builtin store(std::string_view name, Ordering o, Address a) {
    return {name, 2, L::Store, o, false, a, 0};
}
constexpr Builtin mask_update(std::string_view name, RmwOp o) {
    return {name, 2, L::MaskUpdate, O::None, false, A::Pointer, 1, {o, RmwResult::None}};
}
constexpr Builtin op(std::string_view name, int args, Lowering l, bool pure = false) {
    return {name, args, l, O::None, pure};
}
constexpr Builtin ipi(std::string_view name, T targets, bool runs_locally) {
    return {name, kVariadic, L::Ipi, O::Full, false, A::None, -1, {}, {targets, runs_locally}};
}

constexpr RmwShape add(RmwResult r, std::int64_t addend, bool negate = false) {
    return {RmwOp::Add, r, addend, negate};
}
constexpr RmwShape bits(RmwOp o, RmwResult r = RmwResult::None) {
    return {o, r};
}

using R = RmwResult;

// The order is that of the "did you mean" candidates, where a tie goes to
// the first: keep it when adding rows (new ones at the end).
inline constexpr std::array kBuiltins{
    // Compiler barriers on x86; RCU read sections are not modelled.
    barrier("barrier", O::Compiler),
    barrier("smp_rmb", O::ReadBarrier),
    barrier("smp_wmb", O::WriteBarrier),
    barrier("smp_mb__after_atomic", O::AfterAtomic),
    barrier("smp_mb__before_atomic", O::BeforeAtomic),
    barrier("smp_mb__after_spinlock", O::AfterSpinlock),
    barrier("cpu_relax", O::Compiler),
    barrier("rcu_read_lock", O::Compiler),
    barrier("rcu_read_unlock", O::Compiler),

    // Locked read-modify-writes. Those that return a value are fully ordered.
    rmw("atomic_inc", 1, O::None, 0, add(R::None, 1)),
    rmw("atomic_dec", 1, O::None, 0, add(R::None, -1)),
    rmw("atomic_inc_return", 1, O::Full, 0, add(R::New, 1)),
    rmw("atomic_dec_return", 1, O::Full, 0, add(R::New, -1)),
    rmw("atomic_fetch_inc", 1, O::Full, 0, add(R::Old, 1)),
    rmw("atomic_fetch_dec", 1, O::Full, 0, add(R::Old, -1)),
    rmw("atomic_dec_and_test", 1, O::Full, 0, add(R::NewIsZero, -1)),
    rmw("atomic_add", 2, O::None, 1, add(R::None, 0)),
    rmw("atomic_sub", 2, O::None, 1, add(R::None, 0, true)),
    rmw("atomic_add_return", 2, O::Full, 1, add(R::New, 0)),
    rmw("atomic_fetch_add", 2, O::Full, 1, add(R::Old, 0)),
    rmw("xchg", 2, O::Full, 0, {RmwOp::Xchg, R::Old}),
    rmw("cmpxchg", 3, O::Full, 0, {RmwOp::Cmpxchg, R::Old}),
    rmw("cpumask_set_cpu", 2, O::None, 1, bits(RmwOp::SetBit)),
    rmw("cpumask_clear_cpu", 2, O::None, 1, bits(RmwOp::ClearBit)),
    rmw("cpumask_test_and_set_cpu", 2, O::Full, 1, bits(RmwOp::TestSetBit, R::Old)),
    rmw("cpumask_test_and_clear_cpu", 2, O::Full, 1, bits(RmwOp::TestClearBit, R::Old)),

    // Plain accesses.
    load("READ_ONCE", O::None, A::Location),
    load("smp_load_acquire", O::Acquire, A::Pointer),
    load("atomic_read", O::None, A::Pointer),
    load("this_cpu_read", O::None, A::Location),
    store("WRITE_ONCE", O::None, A::Location),
    store("smp_store_release", O::Release, A::Pointer),
    store("atomic_set", O::None, A::Pointer),
    store("this_cpu_write", O::None, A::Location),
    mask_update("__cpumask_set_cpu", RmwOp::SetBit),
    mask_update("__cpumask_clear_cpu", RmwOp::ClearBit),

    barrier("smp_mb", O::Full),
    Builtin{"sync_core", 0, L::SyncCore, O::CoreSerializing},

    op("local_irq_disable", 0, L::IrqDisable),
    op("local_irq_enable", 0, L::IrqEnable),
    op("local_irq_save", 1, L::IrqSave),
    op("local_irq_restore", 1, L::IrqRestore),
    op("irqs_disabled", 0, L::IrqsDisabled, true),
    op("in_irq", 0, L::InIrq, true),
    op("in_interrupt", 0, L::InIrq, true),
    op("smp_processor_id", 0, L::ProcessorId, true),
    op("variant", 1, L::Variant, true),
    op("cpumask_test_cpu", 2, L::MaskTest, true),
    op("cpumask_of", 1, L::MaskOf, true),
    op("cpumask_empty", 1, L::MaskEmpty, true),
    op("cpumask_weight", 1, L::MaskWeight, true),
    op("BUG_ON", 1, L::BugOn),

    // The send is fully ordered: the handler sees every store before it.
    ipi("smp_call_function_many", T::Mask, false),
    ipi("smp_call_function_single", T::Cpu, true),
    ipi("on_each_cpu_mask", T::Mask, true),
    ipi("on_each_cpu", T::All, true),
    ipi("smp_call_function", T::All, false),
};

} // namespace builtin_rows

// Every builtin, in the registry's order.
constexpr std::span<const Builtin> builtins() {
    return builtin_rows::kBuiltins;
}

// nullptr if `name` is not a builtin. Usable at compile time.
constexpr const Builtin* find_builtin(std::string_view name) {
    for (const Builtin& b : builtin_rows::kBuiltins)
        if (b.name == name) return &b;
    return nullptr;
}

} // namespace shootdown::ir
