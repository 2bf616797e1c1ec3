#include "model/litmus/primitives.hpp"

#include <array>

namespace shootdown::litmus {

namespace {

using K = Primitive::Kind;
using A = Primitive::Address;
using O = ir::Ordering;

// The translation of a builtin's lowering; a compile-time error in
// kPrimitives for one a litmus thread cannot call.
constexpr K kind_of(const ir::Builtin& b) {
    switch (b.lowering) {
    case ir::Lowering::Load:
        return K::Load;
    case ir::Lowering::Store:
        return K::Store;
    case ir::Lowering::Barrier:
        return K::Barrier;
    case ir::Lowering::Rmw:
        if (b.rmw.op == ir::RmwOp::Xchg) return K::Xchg;
        if (b.rmw.op == ir::RmwOp::Cmpxchg) return K::Cmpxchg;
        if (b.rmw.op != ir::RmwOp::Add) break;
        if (b.rmw.result == ir::RmwResult::New) return K::AddReturn;
        if (b.rmw.result == ir::RmwResult::NewIsZero) return K::AddAndTest;
        return K::FetchAdd;
    default:
        break;
    }
    throw "a builtin without a litmus translation";
}

// The builtin `builtin` of the model language, called `name` in litmus tests.
constexpr Primitive builtin(std::string_view builtin, std::string_view name = {}) {
    const ir::Builtin* b = ir::find_builtin(builtin);
    if (!b) throw "not a builtin of model/ir/builtins.hpp";
    Primitive p{name.empty() ? b->name : name,
                kind_of(*b),
                b->ordering,
                b->address,
                b->args,
                b->location_arg};
    p.addend = b->rmw.addend;
    p.sign = b->rmw.negate ? -1 : 1;
    p.returns = b->lowering == ir::Lowering::Load ||
                (b->lowering == ir::Lowering::Rmw && b->rmw.result != ir::RmwResult::None);
    return p;
}

// Kernel argument order: atomic_add(i, v), atomic_add_unless(v, a, u).
// Initialised when the program starts (not constexpr: GCC 12 at -O0 with
// -fsanitize=undefined cannot evaluate the registry look-up at compile time).
const std::array kPrimitives{
    builtin("READ_ONCE"),
    builtin("WRITE_ONCE"),
    builtin("smp_load_acquire"),
    builtin("smp_store_release"),
    builtin("atomic_read"),
    builtin("atomic_set"),

    builtin("smp_mb"),
    builtin("smp_rmb"),
    builtin("smp_wmb"),
    builtin("barrier"),
    builtin("smp_mb__before_atomic"),
    builtin("smp_mb__after_atomic"),
    builtin("smp_mb__after_spinlock"),
    Primitive{"smp_mb__after_unlock_lock", K::Barrier, O::AfterUnlockLock, A::None, 0, -1},

    builtin("atomic_inc"),
    builtin("atomic_dec"),
    builtin("atomic_add"),
    builtin("atomic_sub"),
    builtin("atomic_fetch_inc"),
    builtin("atomic_fetch_dec"),
    builtin("atomic_fetch_add"),
    Primitive{"atomic_fetch_sub", K::FetchAdd, O::Full, A::Pointer, 2, 1, 0, -1, true},
    builtin("atomic_inc_return"),
    builtin("atomic_dec_return"),
    builtin("atomic_add_return"),
    Primitive{"atomic_sub_return", K::AddReturn, O::Full, A::Pointer, 2, 1, 0, -1, true},
    Primitive{"atomic_inc_and_test", K::AddAndTest, O::Full, A::Pointer, 1, 0, 1, 1, true},
    builtin("atomic_dec_and_test"),
    Primitive{"atomic_sub_and_test", K::AddAndTest, O::Full, A::Pointer, 2, 1, 0, -1, true},
    // Fully ordered when they add; unordered when they do not.
    Primitive{"atomic_add_unless", K::AddUnless, O::Full, A::Pointer, 3, 0, 0, 1, true},
    Primitive{"atomic_inc_not_zero", K::AddUnless, O::Full, A::Pointer, 1, 0, 1, 1, true},
    builtin("xchg"),
    builtin("xchg", "atomic_xchg"),
    builtin("cmpxchg"),
    builtin("cmpxchg", "atomic_cmpxchg"),

    Primitive{"spin_lock", K::SpinLock, O::Acquire, A::Pointer, 1, 0},
    Primitive{"spin_trylock", K::SpinTrylock, O::Acquire, A::Pointer, 1, 0, 0, 1, true},
    Primitive{"spin_unlock", K::SpinUnlock, O::Release, A::Pointer, 1, 0},
    Primitive{"spin_is_locked", K::SpinIsLocked, O::None, A::Pointer, 1, 0, 0, 1, true},
};

struct Suffix {
    std::string_view text;
    ir::Ordering ordering;
};

// Ordering variants of the atomics: the same instruction on x86.
constexpr Suffix kSuffixes[] = {
    {"_relaxed", O::None},
    {"_acquire", O::Acquire},
    {"_release", O::Release},
};

} // namespace

std::optional<Primitive> find_primitive(std::string_view name) {
    std::optional<ir::Ordering> ordering;
    if (name.starts_with("atomic_") || name.starts_with("xchg") || name.starts_with("cmpxchg"))
        for (const Suffix& s : kSuffixes)
            if (name.ends_with(s.text)) {
                name.remove_suffix(s.text.size());
                ordering = s.ordering;
                break;
            }
    for (Primitive p : kPrimitives)
        if (p.name == name) {
            if (ordering) p.ordering = *ordering;
            return p;
        }
    return std::nullopt;
}

bool is_rcu(std::string_view name) {
    for (std::string_view prefix : {"rcu_", "srcu_", "synchronize_rcu", "synchronize_srcu",
                                    "call_rcu", "call_srcu", "kfree_rcu"})
        if (name.starts_with(prefix)) return true;
    return false;
}

std::vector<std::string> primitive_names() {
    std::vector<std::string> names;
    for (const Primitive& p : kPrimitives)
        names.emplace_back(p.name);
    return names;
}

} // namespace shootdown::litmus
