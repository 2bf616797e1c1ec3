// The syntax tree of a .sd model, as parsed: names are unresolved strings.
// Only model/lang and the lowering step (model/ir/lower*) include this file;
// nothing below the lowering sees an AST.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/lang/source.hpp"

namespace shootdown::lang {

struct TypeExpr;
struct Expr;
struct Stmt;
using TypePtr = std::unique_ptr<TypeExpr>;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;

struct TypeExpr {
    enum class Kind { Named, Bool, Int, Scalarset, Cpus, Cpumask, Void };
    Kind kind = Kind::Named;
    Span span;
    std::string name; // Named: the type's name; Cpumask: the element type's name
    ExprPtr lo, hi;   // Int: the range; Scalarset/Cpus: `lo` is the size
};

struct Expr {
    enum class Kind {
        Integer,
        Bool,
        Name,
        ThisCpu,
        Index,
        Unary,
        Binary,
        Ternary,
        Call,
        AddressOf,
        Quantifier,
    };
    Kind kind = Kind::Integer;
    Span span;
    std::int64_t value = 0;    // Integer, Bool
    std::string name;          // Name, Call (callee), Quantifier (bound variable)
    std::string op;            // Unary, Binary: the operator; Quantifier: forall|exists
    std::string type_name;     // Quantifier: the scalarset/enum it ranges over
    std::vector<ExprPtr> args; // operands, index (base, index), call arguments
    Span name_span;            // Call: the callee's name; Quantifier: the bound variable
    Span type_span;            // Quantifier: the type's name
};

struct Stmt {
    enum class Kind {
        Block,
        Local,
        Assign,
        Call,
        If,
        While,
        ForIn,
        ForEachCpu,
        Either,
        Choose,
        Await,
        Atomic,
        Assert,
        Return,
        Break,
        Continue,
        Skip,
    };
    Kind kind = Kind::Skip;
    Span span;
    std::vector<StmtPtr> body; // Block, Either (one Block per branch), loop bodies, If (then, else)
    TypePtr type;              // Local, Choose (the type of the bound name), ForIn
    std::string name;          // Local, Choose, ForIn, ForEachCpu: the declared name
    Span name_span;
    std::string op;      // Assign: = += -= ++ --
    ExprPtr target;      // Assign: the left side
    ExprPtr value;       // Local init, Assign rhs, Call, conditions, Return, ForEachCpu mask
    ExprPtr where;       // Choose: filter
    std::string message; // Assert
};

struct Param {
    TypePtr type;
    std::string name;
    Span span;
};

struct Decl {
    enum class Kind {
        Import,
        Param,
        Type,
        Enum,
        Variable,
        Variant,
        Function,
        Process,
        Irq,
        Hardware,
        Invariant,
        Memory,    // `memory tso;`: the model's default memory model
        Statistic, // `statistic NAME: expr;`: reported over all reachable states
    };
    Kind kind = Kind::Param;
    Span span;
    std::string name; // also the import path
    Span name_span;
    TypePtr type;                     // Type, Variable, Function (return type)
    ExprPtr value;                    // Param default, Variable init, Invariant expression
    std::vector<std::string> members; // Enum constants, Variant names
    std::vector<Span> member_spans;
    std::string storage;            // Variable: shared | hw | ghost
    bool per_cpu = false;           // Variable
    bool serializing = false;       // Variable: a write serializes the core (CR3)
    std::vector<TypePtr> dims;      // Variable: array index types
    std::vector<ExprPtr> init_list; // Variable: `= {a, b, ...}`, one per element of a 1-D array
    std::vector<Param> params;      // Function, Irq
    StmtPtr body;                   // Function, Process, Irq, Hardware
};

struct Module {
    std::uint32_t file = 0;
    std::vector<Decl> decls;
};

} // namespace shootdown::lang
