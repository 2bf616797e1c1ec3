// The meaning of the pure operators (no side effects, no run-time checks,
// no reads of their own), written once for both evaluators: the planned
// fast path (FieldPlan::Kind::Operator) and the general one.
#pragma once

#include <bit>
#include <cstdint>

#include "model/ir/program.hpp"
#include "model/ir/registry.hpp"

namespace shootdown::machine {

// True for the operators that are a function of their operands alone.
[[nodiscard]] constexpr bool is_pure(ir::Op op) {
    return ir::info(op).purity == ir::Purity::pure;
}

// `op` applied to its operands, which `a()` and `b()` evaluate on demand
// (so that && and || short-circuit; the other binary operators evaluate a
// before b, which fixes which run-time error an expression reports — the
// compiled steps, model/compiled/, evaluate in the same order): the pure operators, and the two
// that read the evaluation context, which `context(op)` answers. Returns 0 for the checked ones
// (the general evaluator computes those).
template <class A, class B, class C>
[[gnu::always_inline]] inline std::int64_t apply_simple(ir::Op op, A&& a, B&& b, C&& context) {
    using ir::Op;
    switch (op) {
    case Op::ThisCpu:
    case Op::Bound:
        return context(op);
    case Op::Not:
        return !a();
    case Op::Neg:
        return -a();
    case Op::BitNot:
        return ~a();
    case Op::Add: {
        const std::int64_t x = a(), y = b();
        return x + y;
    }
    case Op::Sub: {
        const std::int64_t x = a(), y = b();
        return x - y;
    }
    case Op::Mul: {
        const std::int64_t x = a(), y = b();
        return x * y;
    }
    case Op::Eq: {
        const std::int64_t x = a(), y = b();
        return x == y;
    }
    case Op::Ne: {
        const std::int64_t x = a(), y = b();
        return x != y;
    }
    case Op::Lt: {
        const std::int64_t x = a(), y = b();
        return x < y;
    }
    case Op::Le: {
        const std::int64_t x = a(), y = b();
        return x <= y;
    }
    case Op::Gt: {
        const std::int64_t x = a(), y = b();
        return x > y;
    }
    case Op::Ge: {
        const std::int64_t x = a(), y = b();
        return x >= y;
    }
    case Op::And:
        return a() && b();
    case Op::Or:
        return a() || b();
    case Op::BitAnd: {
        const std::int64_t x = a(), y = b();
        return x & y;
    }
    case Op::BitOr: {
        const std::int64_t x = a(), y = b();
        return x | y;
    }
    case Op::BitXor: {
        const std::int64_t x = a(), y = b();
        return x ^ y;
    }
    case Op::MaskTest: {
        const std::int64_t bit = b();
        return bit >= 0 && bit < 63 && ((a() >> bit) & 1);
    }
    case Op::MaskOf: {
        const std::int64_t bit = a();
        return bit >= 0 && bit < 63 ? std::int64_t{1} << bit : 0;
    }
    case Op::MaskWeight:
        return std::popcount(static_cast<std::uint64_t>(a()));
#include "model/ir/op_cases_checked.inc"
        break; // checked: the general evaluator computes these
    }
    return 0;
}

} // namespace shootdown::machine
