// What each instruction kind and expression operator is, as data: the
// tables generated from instructions.def and operators.def. Analyses walk
// operands and control flow through these instead of switching on kinds,
// so a new kind is described once.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "model/ir/program.hpp"

namespace shootdown::ir {

// What an operand field (Instr::a..d) of an instruction holds.
enum class Role : std::uint8_t {
    None,     // unused (kNone)
    Expr,     // an expression the instruction reads (kNone allowed: absent)
    Target,   // an assignment target node: a Local, or a Global whose indexes are read
    Update,   // a Global node the instruction reads and writes (a locked RMW's location)
    Pc,       // a pc in the same code array
    ForkList, // first index into Program::fork_targets (the next operand is the count)
    ZeroList, // first index into Program::zero_lists (the next operand is the count)
    Count,    // the length of the list in the previous operand
    LocalOut, // a local id the instruction writes (kNone allowed)
    Handler,  // an interrupt handler id
    Property, // an assert site (index into Program::asserts)
};

// Where control goes after the instruction, within one step.
enum class Flow : std::uint8_t {
    Next,     // pc + 1 (or nowhere if the instruction blocks)
    Goto,     // the Pc operand only
    NextOrPc, // pc + 1 or the Pc operand
    Targets,  // every pc of the ForkList operand
    End,      // the context's run ends (the process halts, a handler or action returns)
};

// Whether the instruction is a memory access of its own (a step boundary).
enum class Access : std::uint8_t {
    Never,
    Always,
    Operands, // if one of its Expr or Target operands reads shared or hw state
};

struct InstrInfo {
    std::string_view name;
    std::array<Role, 4> roles;
    Flow flow;
    Access access;
    std::string_view doc;
};

inline constexpr InstrInfo kInstrInfo[] = {
#define INSTR(name, a, b, c, d, flow, access, doc)                                                 \
    {#name, {Role::a, Role::b, Role::c, Role::d}, Flow::flow, Access::access, doc},
#include "model/ir/instructions.def"
#undef INSTR
};

inline constexpr std::size_t kInstrKinds = std::size(kInstrInfo);

[[nodiscard]] constexpr const InstrInfo& info(InstrKind kind) {
    return kInstrInfo[static_cast<std::size_t>(kind)];
}

// The operands of `in` as an array, in Role order a..d.
[[nodiscard]] constexpr std::array<std::uint32_t, 4> operands(const Instr& in) {
    return {in.a, in.b, in.c, in.d};
}

// Which fields of an ExprNode are child expressions.
enum class Shape : std::uint8_t { Leaf, Indexes, Unary, Binary, Ternary, Binder };

// What kind of value an operator makes (operators.def's family column).
enum class Family : std::uint8_t { Value, Compute, Equality, Bitwise, Mask, Choice, Quantifier };

// How the evaluators may apply it (operators.def's purity column).
enum class Purity : std::uint8_t { pure, context, checked };

struct OpInfo {
    std::string_view name;
    Shape shape;
    Family family;
    Purity purity;
    std::string_view spelling;
};

inline constexpr OpInfo kOpInfo[] = {
#define OP(name, shape, family, purity, spelling)                                                  \
    {#name, Shape::shape, Family::family, Purity::purity, spelling},
#include "model/ir/operators.def"
#undef OP
};

inline constexpr std::size_t kOps = std::size(kOpInfo);

[[nodiscard]] constexpr const OpInfo& info(Op op) {
    return kOpInfo[static_cast<std::size_t>(op)];
}

// The child expressions of `n` (kNone where absent), from its shape.
[[nodiscard]] constexpr std::array<ExprId, 3> children(const ExprNode& n) {
    switch (info(n.op).shape) {
    case Shape::Leaf:
        return {kNone, kNone, kNone};
    case Shape::Indexes:
        return {n.b, n.c, n.d};
    case Shape::Unary:
        return {n.a, kNone, kNone};
    case Shape::Binary:
        return {n.a, n.b, kNone};
    case Shape::Ternary:
        return {n.a, n.b, n.c};
    case Shape::Binder:
        return {n.b, kNone, kNone};
    }
    return {kNone, kNone, kNone};
}

} // namespace shootdown::ir
