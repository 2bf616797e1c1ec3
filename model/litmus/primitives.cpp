#include "model/litmus/primitives.hpp"

#include <array>

namespace shootdown::litmus {

namespace {

using K = Primitive::Kind;
using A = Primitive::Address;

// Kernel argument order: atomic_add(i, v), atomic_add_unless(v, a, u).
constexpr std::array kPrimitives{
    Primitive{"READ_ONCE", K::Load, A::Location, 1, 0, 0, 1, true},
    Primitive{"WRITE_ONCE", K::Store, A::Location, 2, 0},
    Primitive{"smp_load_acquire", K::Load, A::Pointer, 1, 0, 0, 1, true},
    Primitive{"smp_store_release", K::Store, A::Pointer, 2, 0},
    Primitive{"atomic_read", K::Load, A::Pointer, 1, 0, 0, 1, true},
    Primitive{"atomic_set", K::Store, A::Pointer, 2, 0},

    Primitive{"smp_mb", K::Fence, A::None, 0, -1},
    Primitive{"smp_rmb", K::CompilerBarrier, A::None, 0, -1},
    Primitive{"smp_wmb", K::CompilerBarrier, A::None, 0, -1},
    Primitive{"barrier", K::CompilerBarrier, A::None, 0, -1},
    Primitive{"smp_mb__before_atomic", K::CompilerBarrier, A::None, 0, -1},
    Primitive{"smp_mb__after_atomic", K::CompilerBarrier, A::None, 0, -1},
    Primitive{"smp_mb__after_spinlock", K::CompilerBarrier, A::None, 0, -1},
    Primitive{"smp_mb__after_unlock_lock", K::CompilerBarrier, A::None, 0, -1},

    Primitive{"atomic_inc", K::FetchAdd, A::Pointer, 1, 0, 1},
    Primitive{"atomic_dec", K::FetchAdd, A::Pointer, 1, 0, 1, -1},
    Primitive{"atomic_add", K::FetchAdd, A::Pointer, 2, 1},
    Primitive{"atomic_sub", K::FetchAdd, A::Pointer, 2, 1, 0, -1},
    Primitive{"atomic_fetch_inc", K::FetchAdd, A::Pointer, 1, 0, 1, 1, true},
    Primitive{"atomic_fetch_dec", K::FetchAdd, A::Pointer, 1, 0, 1, -1, true},
    Primitive{"atomic_fetch_add", K::FetchAdd, A::Pointer, 2, 1, 0, 1, true},
    Primitive{"atomic_fetch_sub", K::FetchAdd, A::Pointer, 2, 1, 0, -1, true},
    Primitive{"atomic_inc_return", K::AddReturn, A::Pointer, 1, 0, 1, 1, true},
    Primitive{"atomic_dec_return", K::AddReturn, A::Pointer, 1, 0, 1, -1, true},
    Primitive{"atomic_add_return", K::AddReturn, A::Pointer, 2, 1, 0, 1, true},
    Primitive{"atomic_sub_return", K::AddReturn, A::Pointer, 2, 1, 0, -1, true},
    Primitive{"atomic_inc_and_test", K::AddAndTest, A::Pointer, 1, 0, 1, 1, true},
    Primitive{"atomic_dec_and_test", K::AddAndTest, A::Pointer, 1, 0, 1, -1, true},
    Primitive{"atomic_sub_and_test", K::AddAndTest, A::Pointer, 2, 1, 0, -1, true},
    Primitive{"atomic_add_unless", K::AddUnless, A::Pointer, 3, 0, 0, 1, true},
    Primitive{"atomic_inc_not_zero", K::AddUnless, A::Pointer, 1, 0, 1, 1, true},
    Primitive{"xchg", K::Xchg, A::Pointer, 2, 0, 0, 1, true},
    Primitive{"atomic_xchg", K::Xchg, A::Pointer, 2, 0, 0, 1, true},
    Primitive{"cmpxchg", K::Cmpxchg, A::Pointer, 3, 0, 0, 1, true},
    Primitive{"atomic_cmpxchg", K::Cmpxchg, A::Pointer, 3, 0, 0, 1, true},

    Primitive{"spin_lock", K::SpinLock, A::Pointer, 1, 0},
    Primitive{"spin_trylock", K::SpinTrylock, A::Pointer, 1, 0, 0, 1, true},
    Primitive{"spin_unlock", K::SpinUnlock, A::Pointer, 1, 0},
    Primitive{"spin_is_locked", K::SpinIsLocked, A::Pointer, 1, 0, 0, 1, true},
};

// Ordering variants of the atomics: the same instruction on x86.
std::string_view drop_ordering_suffix(std::string_view name) {
    if (!name.starts_with("atomic_") && !name.starts_with("xchg") && !name.starts_with("cmpxchg"))
        return name;
    for (std::string_view suffix : {"_relaxed", "_acquire", "_release"})
        if (name.ends_with(suffix)) return name.substr(0, name.size() - suffix.size());
    return name;
}

} // namespace

const Primitive* find_primitive(std::string_view name) {
    std::string_view base = drop_ordering_suffix(name);
    for (const Primitive& p : kPrimitives)
        if (p.name == base) return &p;
    return nullptr;
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
