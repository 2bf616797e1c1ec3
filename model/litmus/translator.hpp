// The translator's class, shared by translate.cpp (names, checks, the
// model's declarations), translate_code.cpp (statements and expressions) and
// translate_primitives.cpp (the calls of primitives). Only these include it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "model/lang/diagnostics.hpp"
#include "model/lang/source.hpp"
#include "model/litmus/ast.hpp"
#include "model/litmus/primitives.hpp"
#include "model/litmus/translate.hpp"

namespace shootdown::litmus::translation {

using K = Primitive::Kind;

// Stands for `int<lo..hi>` until the whole test has been seen.
inline constexpr std::string_view kRangeType = "@RANGE@";

// Arrays, so that each has one address: Translator::once() tells them apart by it.
inline constexpr char kRcuHint[] =
    "RCU needs grace-period semantics (synchronize_rcu() waits for the readers "
    "that started before it), which is neither a fence nor a lock; tests that "
    "use RCU are out of scope";
inline constexpr char kPointerHint[] =
    "locations and registers hold integers; the kernel's tests that pass "
    "pointers around also need RCU";

struct Location {
    std::int64_t initial = 0;
    Span span;
};

struct ThreadInfo {
    std::set<std::string> params;                  // the locations it may access
    std::map<std::string, std::int64_t> registers; // name -> initial value
    std::uint32_t stores = 0;                      // store sites: a bound on the stores in flight
};

// .sd text for an integer literal (negative ones parenthesised).
inline std::string literal(std::int64_t v) {
    return v < 0 ? fmt::format("({})", v) : fmt::format("{}", v);
}

class Translator {
public:
    Translator(const Test& test, const lang::SourceManager& sources, lang::Diagnostics& diagnostics)
        : test_(test), sources_(sources), diagnostics_(diagnostics) {}

    std::optional<Translation> run();

private:
    void error(Span span, std::string message, std::string hint = {}) {
        diagnostics_.error(span, std::move(message), std::move(hint));
    }
    // The long explanations of what is out of scope are shown once per test.
    std::string once(const char* hint) {
        return explained_.insert(hint).second ? std::string(hint) : std::string();
    }

    // --- names -------------------------------------------------------------------
    void declare_locations();
    void declare_thread(const Thread& t);
    void declare_registers(const Thread& t, const Stmt& s, ThreadInfo& info);
    void initialise_registers();
    bool check_reference(const LocRef& l);
    void check_prop(const Prop& p);
    void check_limits();

    // --- value range -------------------------------------------------------------
    void note_constant(std::int64_t v) {
        min_constant_ = std::min(min_constant_, v);
        max_constant_ = std::max(max_constant_, v);
    }
    void note_addend(std::int64_t v) { (v > 0 ? up_ : down_) += v > 0 ? v : -v; }

    // --- code ----------------------------------------------------------------------
    struct Ctx {
        const Thread& thread;
        ThreadInfo& info;
        std::string& out;
        int indent;
    };

    static void line(Ctx& c, std::string_view text) {
        c.out += fmt::format("{:{}}{}\n", "", 4 * c.indent, text);
    }

    std::string source_comment(const Stmt& s) const;
    void thread_code(const Thread& t, std::string& out);
    void statement(const Stmt& s, Ctx& c);
    void assignment(const Stmt& s, Ctx& c);
    void assign_register(const std::string& name, const Expr& value, Ctx& c);

    static std::string register_variable(std::uint32_t thread, const std::string& name) {
        return fmt::format("P{}_{}", thread, name);
    }

    void unknown_name(const Expr& e, Ctx& c);
    std::string pointed_location(const Expr& e, Ctx& c, std::string_view what);
    std::string value(const Expr& e, Ctx& c);
    std::string condition(const Expr& e, Ctx& c);

    // --- primitives --------------------------------------------------------------
    struct Resolved {
        Primitive primitive;
        std::string location;              // the .sd variable
        std::vector<std::string> operands; // the other arguments, as .sd values
        std::int64_t amount = 0;           // signed addend of the add family
        std::int64_t unless = 0;           // AddUnless
    };
    std::optional<Resolved> resolve(const Expr& call, Ctx& c);
    std::string location_argument(const Expr& call, const Expr& arg, const Primitive& p, Ctx& c);
    std::string call_value(const Expr& call, Ctx& c);
    void call_statement(const Expr& call, Ctx& c);
    void add_unless(const Expr& call, Ctx& c, const std::string& result);

    // --- the model -----------------------------------------------------------------
    Translation assemble(std::string body);

    const Test& test_;
    const lang::SourceManager& sources_;
    lang::Diagnostics& diagnostics_;
    std::map<std::string, Location> locations_;
    std::vector<ThreadInfo> threads_;
    std::int64_t min_constant_ = 0, max_constant_ = 1; // 0 and 1: a lock's two states
    std::int64_t up_ = 0, down_ = 0;                   // sums of the atomics' addends
    std::set<const char*> explained_;
};

} // namespace shootdown::litmus::translation
