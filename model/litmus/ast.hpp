// The syntax tree of a C litmus test (herd7's format, the subset the kernel's
// tests use: /work/shared/litmus/GRAMMAR.md). Names are unresolved strings;
// translate.cpp decides what each one means.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/lang/source.hpp"

namespace shootdown::litmus {

using lang::Span;

struct Expr {
    enum class Kind {
        Integer, // 1, -1
        Name,    // a register, or a parameter used as a pointer (`x` is &x)
        Deref,   // `*x`: the location x (or, unsupported, what a pointer register points at)
        Call,    // a kernel primitive
        Compare, // args[0] op args[1], op is == or !=
        Not,     // !args[0]
    };
    Kind kind = Kind::Integer;
    Span span;
    std::int64_t value = 0; // Integer
    std::string name;       // Name, Deref, Call
    Span name_span;         // Name, Deref, Call
    std::string op;         // Compare
    std::vector<Expr> args; // Call arguments, Compare and Not operands
};

struct Stmt {
    enum class Kind {
        Block,   // body
        Declare, // `int name [= exprs[0]];` (pointer: `int *name`)
        Assign,  // exprs[0] = exprs[1]; the target is a Name (register) or a Deref (plain store)
        Call,    // exprs[0] is a Call, its result (if any) dropped; also `(void)call;`
        If,      // if (exprs[0]) body[0] [else body[1]]
        Empty,   // `;`
    };
    Kind kind = Kind::Empty;
    Span span;
    std::string name; // Declare
    Span name_span;
    bool pointer = false; // Declare: `int *r`
    std::vector<Expr> exprs;
    std::vector<Stmt> body;
};

// `type *name` in a thread's parameter list: the thread may access location `name`.
struct Param {
    std::string type; // int, atomic_t, spinlock_t
    int stars = 1;    // int ** is a location holding a pointer
    std::string name;
    Span span;
};

struct Thread {
    std::uint32_t id = 0; // the N of PN
    Span span;            // of `PN`
    std::vector<Param> params;
    Stmt body; // a Block
};

// A location in the init block or a condition: memory `x`, or register
// `N:r` of thread N.
struct LocRef {
    std::optional<std::uint32_t> thread; // unset: a memory location
    std::string name;
    Span span;
    [[nodiscard]] std::string text() const {
        return thread ? std::to_string(*thread) + ":" + name : name;
    }
    friend bool operator==(const LocRef& a, const LocRef& b) {
        return a.thread == b.thread && a.name == b.name;
    }
};

// An init block item: `int x = 1;`, `atomic_t v = ATOMIC_INIT(1);`, `x = 1;`,
// `int flag;`, `0:r0 = 1;`, or (unsupported) a pointer `int *y = &x;`, `p = y;`.
struct InitItem {
    LocRef location;
    std::string type;       // "" if untyped
    bool pointer = false;   // declared `int *y`
    std::int64_t value = 0; // when address_of is empty
    std::string address_of; // `&x` or a bare name `x`: the address of x
    Span value_span;
};

// A proposition of the final clauses.
struct Prop {
    enum class Kind { True, False, Atom, Not, And, Or };
    Kind kind = Kind::True;
    Span span;
    LocRef location;        // Atom: location = value
    std::int64_t value = 0; // Atom
    std::string address_of; // Atom whose value is a name (the address of that variable)
    std::vector<Prop> args; // Not (1), And/Or (2)
};

enum class Quantifier { Exists, NotExists, Forall };

struct Test {
    std::string name;
    Span name_span;
    std::optional<std::string> result; // the word after `Result:` in the header comment
    Span result_span;
    std::vector<InitItem> init;
    std::vector<Thread> threads;
    std::vector<LocRef> locations; // the `locations [...]` clause
    std::optional<Prop> filter;
    Quantifier quantifier = Quantifier::Exists;
    Span quantifier_span;
    Prop condition;
};

} // namespace shootdown::litmus
