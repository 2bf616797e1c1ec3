#include "model/litmus/translate.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "model/litmus/primitives.hpp"

namespace shootdown::litmus {

namespace {

using K = Primitive::Kind;

// Stands for `int<lo..hi>` until the whole test has been seen.
constexpr std::string_view kRangeType = "@RANGE@";

const char* kRcuHint = "RCU needs grace-period semantics (synchronize_rcu() waits for the readers "
                       "that started before it), which is neither a fence nor a lock; tests that "
                       "use RCU are out of scope";
const char* kPointerHint = "locations and registers hold integers; the kernel's tests that pass "
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
std::string literal(std::int64_t v) {
    return v < 0 ? fmt::format("({})", v) : fmt::format("{}", v);
}

class Translator {
public:
    Translator(const Test& test, const lang::SourceManager& sources, lang::Diagnostics& diagnostics)
        : test_(test), sources_(sources), diagnostics_(diagnostics) {}

    std::optional<Translation> run() {
        declare_locations();
        threads_.resize(test_.threads.size());
        for (const Thread& t : test_.threads)
            declare_thread(t);
        initialise_registers();
        std::string body;
        for (const Thread& t : test_.threads)
            thread_code(t, body);
        for (const LocRef& l : test_.locations)
            check_reference(l);
        if (test_.filter) check_prop(*test_.filter);
        check_prop(test_.condition);
        check_limits();
        if (diagnostics_.has_errors()) return std::nullopt;
        return assemble(body);
    }

private:
    void error(Span span, std::string message, std::string hint = {}) {
        diagnostics_.error(span, std::move(message), std::move(hint));
    }
    // The long explanations of what is out of scope are shown once per test.
    std::string once(const char* hint) {
        return explained_.insert(hint).second ? std::string(hint) : std::string();
    }

    // --- names -------------------------------------------------------------------
    void declare_locations() {
        for (const InitItem& item : test_.init) {
            if (item.location.thread) continue; // a register: after the threads
            if (item.pointer || !item.address_of.empty()) {
                error(item.value_span.end > item.value_span.begin ? item.value_span
                                                                  : item.location.span,
                      fmt::format("pointer values are not supported: `{}` would hold {}",
                                  item.location.name,
                                  item.address_of.empty()
                                      ? std::string("a pointer")
                                      : "the address of `" + item.address_of + "`"),
                      once(kPointerHint));
                continue;
            }
            auto [it, fresh] =
                locations_.emplace(item.location.name, Location{item.value, item.location.span});
            if (!fresh)
                error(item.location.span,
                      fmt::format("`{}` is initialised twice", item.location.name),
                      fmt::format("the first initialisation is at {}",
                                  sources_.location(it->second.span)));
            note_constant(item.value);
        }
        for (const Thread& t : test_.threads)
            for (const Param& p : t.params)
                locations_.emplace(p.name, Location{0, p.span});
    }

    void declare_thread(const Thread& t) {
        ThreadInfo& info = threads_[t.id];
        for (const Param& p : t.params)
            if (!info.params.insert(p.name).second)
                error(p.span, fmt::format("P{} has two parameters named `{}`", t.id, p.name));
        declare_registers(t, t.body, info);
    }

    void declare_registers(const Thread& t, const Stmt& s, ThreadInfo& info) {
        if (s.kind == Stmt::Kind::Declare) {
            if (info.params.count(s.name)) {
                error(s.name_span,
                      fmt::format("register `{}` has the name of a parameter of P{}", s.name, t.id),
                      "rename the register");
            } else if (!info.registers.emplace(s.name, 0).second) {
                error(s.name_span,
                      fmt::format("register `{}` is declared twice in P{}", s.name, t.id));
            }
            if (s.pointer)
                error(s.span, fmt::format("pointer registers are not supported: `int *{}`", s.name),
                      once(kPointerHint));
        }
        for (const Stmt& b : s.body)
            declare_registers(t, b, info);
    }

    void initialise_registers() {
        for (const InitItem& item : test_.init) {
            if (!item.location.thread) continue;
            if (!check_reference(item.location)) continue;
            if (!item.address_of.empty()) {
                error(item.value_span, "pointer values are not supported", once(kPointerHint));
                continue;
            }
            threads_[*item.location.thread].registers[item.location.name] = item.value;
            note_constant(item.value);
        }
    }

    // Whether `l` names a location or a declared register (reported if not).
    bool check_reference(const LocRef& l) {
        if (l.thread) {
            if (*l.thread >= threads_.size()) {
                error(l.span, fmt::format("the test has no thread P{}", *l.thread),
                      threads_.size() == 1
                          ? std::string("its only thread is P0")
                          : fmt::format("its threads are P0 to P{}", threads_.size() - 1));
                return false;
            }
            const auto& regs = threads_[*l.thread].registers;
            if (regs.count(l.name)) return true;
            std::vector<std::string> names;
            for (const auto& [n, r] : regs)
                names.push_back(n);
            std::string hint = lang::closest_name(l.name, names);
            error(l.span, fmt::format("P{} has no register `{}`", *l.thread, l.name),
                  hint.empty() ? "declare it in the thread: `int " + l.name + ";`"
                               : fmt::format("did you mean `{}:{}`?", *l.thread, hint));
            return false;
        }
        if (locations_.count(l.name)) return true;
        std::vector<std::string> names;
        for (const auto& [n, loc] : locations_)
            names.push_back(n);
        std::string hint = lang::closest_name(l.name, names);
        bool is_register = false;
        for (const ThreadInfo& t : threads_)
            is_register = is_register || t.registers.count(l.name);
        error(l.span, fmt::format("unknown location `{}`", l.name),
              is_register     ? "registers are named with their thread: `0:" + l.name + "`"
              : !hint.empty() ? fmt::format("did you mean `{}`?", hint)
                              : "shared locations are the threads' parameters");
        return false;
    }

    void check_prop(const Prop& p) {
        if (p.kind == Prop::Kind::Atom) {
            check_reference(p.location);
            if (!p.address_of.empty())
                error(p.span,
                      fmt::format("pointer values are not supported: `{}` compares `{}` with the "
                                  "address of `{}`",
                                  p.location.text(), p.location.text(), p.address_of),
                      once(kPointerHint));
        }
        for (const Prop& a : p.args)
            check_prop(a);
    }

    // What the .sd model can hold: cpus(N) has at most 32 CPUs, and an int
    // type at most 2^32 values.
    void check_limits() {
        if (test_.threads.size() > 32)
            error(test_.threads[32].span, "at most 32 threads are supported",
                  "a thread is a CPU of the model");
        const std::int64_t lo = min_constant_ - down_, hi = max_constant_ + up_;
        if (hi - lo > (std::int64_t{1} << 32))
            error(
                test_.name_span,
                fmt::format("the test's values range over {}..{}: too many for the model", lo, hi),
                "the range comes from the constants and the amounts the atomics add");
    }

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

    // The first line of a statement's source, as a comment in the model.
    std::string source_comment(const Stmt& s) const {
        std::string_view text = sources_.file(s.span.file).text();
        text = text.substr(s.span.begin, s.span.end - s.span.begin);
        text = text.substr(0, text.find('\n'));
        return fmt::format("// {}", text);
    }

    void thread_code(const Thread& t, std::string& out) {
        Ctx c{t, threads_[t.id], out, 1};
        line(c, fmt::format("if (this_cpu == {}) {{", t.id));
        ++c.indent;
        for (const Stmt& s : t.body.body)
            statement(s, c);
        --c.indent;
        line(c, "}");
    }

    void statement(const Stmt& s, Ctx& c) {
        switch (s.kind) {
        case Stmt::Kind::Empty:
            return;
        case Stmt::Kind::Block:
            line(c, "{");
            ++c.indent;
            for (const Stmt& b : s.body)
                statement(b, c);
            --c.indent;
            line(c, "}");
            return;
        case Stmt::Kind::Declare:
            if (!s.exprs.empty() && !s.pointer) {
                line(c, source_comment(s));
                assign_register(s.name, s.exprs[0], c);
            }
            return;
        case Stmt::Kind::Assign:
            line(c, source_comment(s));
            assignment(s, c);
            return;
        case Stmt::Kind::Call:
            line(c, source_comment(s));
            call_statement(s.exprs[0], c);
            return;
        case Stmt::Kind::If:
            line(c, source_comment(s));
            line(c, fmt::format("if ({}) {{", condition(s.exprs[0], c)));
            ++c.indent;
            statement(s.body[0], c);
            --c.indent;
            if (s.body.size() > 1) {
                line(c, "} else {");
                ++c.indent;
                statement(s.body[1], c);
                --c.indent;
            }
            line(c, "}");
            return;
        }
    }

    void assignment(const Stmt& s, Ctx& c) {
        const Expr& target = s.exprs[0];
        const Expr& value = s.exprs[1];
        if (target.kind == Expr::Kind::Name) {
            if (c.info.registers.count(target.name)) return assign_register(target.name, value, c);
            if (c.info.params.count(target.name)) {
                error(target.span, fmt::format("cannot assign to the pointer `{}`", target.name),
                      fmt::format("to store to the location, write `*{} = ...`", target.name));
                return;
            }
            unknown_name(target, c);
            return;
        }
        if (target.kind != Expr::Kind::Deref) return; // reported by the parser
        std::string location = pointed_location(target, c, "a plain store");
        std::string v = this->value(value, c);
        if (location.empty()) return;
        ++c.info.stores;
        line(c, fmt::format("{} = {};", location, v));
    }

    void assign_register(const std::string& name, const Expr& value, Ctx& c) {
        std::string reg = register_variable(c.thread.id, name);
        if (value.kind == Expr::Kind::Call) {
            std::optional<Primitive> p = find_primitive(value.name);
            if (p && p->kind == K::AddUnless && !is_rcu(value.name))
                return add_unless(value, c, reg);
        }
        line(c, fmt::format("{} = {};", reg, this->value(value, c)));
    }

    static std::string register_variable(std::uint32_t thread, const std::string& name) {
        return fmt::format("P{}_{}", thread, name);
    }

    void unknown_name(const Expr& e, Ctx& c) {
        std::vector<std::string> names;
        names.insert(names.end(), c.info.params.begin(), c.info.params.end());
        for (const auto& [n, initial] : c.info.registers)
            names.push_back(n);
        std::string hint = lang::closest_name(e.name, names);
        error(e.name_span,
              fmt::format("`{}` is neither a parameter nor a register of P{}", e.name, c.thread.id),
              hint.empty() ? fmt::format("declare a register with `int {};`, or add `int *{}` to "
                                         "the parameters",
                                         e.name, e.name)
                           : fmt::format("did you mean `{}`?", hint));
    }

    // `*x` where x is a parameter: the location's variable; "" after an error.
    std::string pointed_location(const Expr& e, Ctx& c, std::string_view what) {
        if (c.info.params.count(e.name)) return "m_" + e.name;
        if (c.info.registers.count(e.name)) {
            error(e.span,
                  fmt::format("pointer registers are not supported: {} through `{}`", what, e.name),
                  once(kPointerHint));
            return {};
        }
        unknown_name(e, c);
        return {};
    }

    // An integer-valued .sd expression; "0" after an error.
    std::string value(const Expr& e, Ctx& c) {
        switch (e.kind) {
        case Expr::Kind::Integer:
            note_constant(e.value);
            return literal(e.value);
        case Expr::Kind::Name:
            if (c.info.registers.count(e.name)) return register_variable(c.thread.id, e.name);
            if (c.info.params.count(e.name))
                error(
                    e.span,
                    fmt::format("pointer values are not supported: `{}` is the address of "
                                "location `{}`",
                                e.name, e.name),
                    fmt::format("for its value, write `*{}` or `READ_ONCE(*{})`", e.name, e.name));
            else
                unknown_name(e, c);
            return "0";
        case Expr::Kind::Deref: {
            std::string location = pointed_location(e, c, "a plain load");
            return location.empty() ? "0" : location;
        }
        case Expr::Kind::Call:
            return call_value(e, c);
        case Expr::Kind::Compare:
        case Expr::Kind::Not:
            return fmt::format("({} ? 1 : 0)", condition(e, c));
        }
        return "0";
    }

    // A bool-valued .sd expression (C's truth: non-zero).
    std::string condition(const Expr& e, Ctx& c) {
        if (e.kind == Expr::Kind::Compare)
            return fmt::format("({} {} {})", value(e.args[0], c), e.op, value(e.args[1], c));
        if (e.kind == Expr::Kind::Not) return fmt::format("!{}", condition(e.args[0], c));
        return fmt::format("({} != 0)", value(e, c));
    }

    // --- primitives --------------------------------------------------------------
    struct Resolved {
        Primitive primitive;
        std::string location;              // the .sd variable
        std::vector<std::string> operands; // the other arguments, as .sd values
        std::int64_t amount = 0;           // signed addend of the add family
        std::int64_t unless = 0;           // AddUnless
    };

    std::optional<Resolved> resolve(const Expr& call, Ctx& c) {
        const std::string& n = call.name;
        if (is_rcu(n)) {
            error(call.name_span, fmt::format("`{}` is RCU, which is not supported", n),
                  once(kRcuHint));
            return std::nullopt;
        }
        std::optional<Primitive> p = find_primitive(n);
        if (!p) {
            std::string hint = lang::closest_name(n, primitive_names());
            error(call.name_span, fmt::format("unsupported primitive `{}`", n),
                  hint.empty() ? "docs/litmus.md lists the supported primitives"
                               : fmt::format("did you mean `{}`?", hint));
            return std::nullopt;
        }
        if (call.args.size() != static_cast<std::size_t>(p->arguments)) {
            error(call.span, fmt::format("`{}` takes {} argument{}, not {}", n, p->arguments,
                                         p->arguments == 1 ? "" : "s", call.args.size()));
            return std::nullopt;
        }
        Resolved r{*p, {}, {}, 0, 0};
        bool ok = true;
        if (p->location_argument >= 0) {
            r.location = location_argument(
                call, call.args[static_cast<std::size_t>(p->location_argument)], *p, c);
            ok = !r.location.empty();
        }
        bool add_family = p->kind == K::FetchAdd || p->kind == K::AddReturn ||
                          p->kind == K::AddAndTest || p->kind == K::AddUnless;
        std::vector<const Expr*> rest;
        for (std::size_t i = 0; i < call.args.size(); ++i)
            if (static_cast<int>(i) != p->location_argument) rest.push_back(&call.args[i]);
        if (add_family) {
            std::int64_t amount = p->addend;
            if (amount == 0) {
                if (rest.empty() || rest[0]->kind != Expr::Kind::Integer) {
                    error(rest.empty() ? call.span : rest[0]->span,
                          fmt::format("the amount `{}` adds must be an integer constant", n),
                          "the value range of the locations is computed from the constants");
                    return std::nullopt;
                }
                amount = rest[0]->value;
                rest.erase(rest.begin());
            }
            r.amount = amount * p->sign;
            if (p->kind == K::AddUnless && !rest.empty()) {
                if (rest[0]->kind != Expr::Kind::Integer) {
                    error(rest[0]->span, "the `unless` value must be an integer constant");
                    return std::nullopt;
                }
                r.unless = rest[0]->value;
                note_constant(r.unless);
                rest.clear();
            }
            note_addend(r.amount);
        }
        for (const Expr* e : rest)
            r.operands.push_back(value(*e, c));
        if (!ok) return std::nullopt;
        return r;
    }

    std::string location_argument(const Expr& call, const Expr& arg, const Primitive& p, Ctx& c) {
        bool by_location = p.address == Primitive::Address::Location;
        if (by_location && arg.kind == Expr::Kind::Deref)
            return pointed_location(arg, c, fmt::format("`{}`", call.name));
        if (!by_location && arg.kind == Expr::Kind::Name) {
            if (c.info.params.count(arg.name)) return "m_" + arg.name;
            if (c.info.registers.count(arg.name)) {
                error(arg.span,
                      fmt::format("pointer registers are not supported: `{}` through `{}`",
                                  call.name, arg.name),
                      once(kPointerHint));
                return {};
            }
            unknown_name(arg, c);
            return {};
        }
        std::string name = arg.kind == Expr::Kind::Name || arg.kind == Expr::Kind::Deref
                               ? arg.name
                               : std::string("x");
        // The call as it should be written: `WRITE_ONCE(*x, ...)`, `atomic_add(..., v)`.
        std::vector<std::string> args;
        for (int i = 0; i < p.arguments; ++i)
            args.push_back(i != p.location_argument ? "..." : by_location ? "*" + name : name);
        error(arg.span,
              by_location ? fmt::format("`{}` takes the location itself", call.name)
                          : fmt::format("`{}` takes a pointer to the location", call.name),
              fmt::format("write `{}({})`", call.name, fmt::join(args, ", ")));
        return {};
    }

    std::string call_value(const Expr& call, Ctx& c) {
        std::optional<Resolved> r = resolve(call, c);
        if (!r) return "0";
        const Primitive& p = r->primitive;
        if (!p.returns) {
            error(call.span, fmt::format("`{}` returns no value", call.name));
            return "0";
        }
        switch (p.kind) {
        case K::Load:
            return r->location;
        case K::SpinIsLocked:
            return fmt::format("({} != 0 ? 1 : 0)", r->location);
        case K::SpinTrylock:
            note_constant(1);
            return fmt::format("(cmpxchg(&{}, 0, 1) == 0 ? 1 : 0)", r->location);
        case K::FetchAdd:
            return fmt::format("atomic_fetch_add({}, &{})", literal(r->amount), r->location);
        case K::AddReturn:
            return fmt::format("atomic_add_return({}, &{})", literal(r->amount), r->location);
        case K::AddAndTest:
            return fmt::format("(atomic_add_return({}, &{}) == 0 ? 1 : 0)", literal(r->amount),
                               r->location);
        case K::Xchg:
            return fmt::format("xchg(&{}, {})", r->location, r->operands[0]);
        case K::Cmpxchg:
            return fmt::format("cmpxchg(&{}, {}, {})", r->location, r->operands[0], r->operands[1]);
        case K::AddUnless:
            error(call.span,
                  fmt::format("`{}` is only supported as a statement or assigned to a register",
                              call.name),
                  "write `r0 = atomic_add_unless(...);` and use r0");
            return "0";
        default:
            return "0";
        }
    }

    void call_statement(const Expr& call, Ctx& c) {
        if (call.kind != Expr::Kind::Call) return;
        std::optional<Resolved> r = resolve(call, c);
        if (!r) return;
        const Primitive& p = r->primitive;
        switch (p.kind) {
        case K::Load:
        case K::SpinIsLocked:
            // The load still happens; its value is dropped.
            line(c, fmt::format("if ({} != 0) {{ }}", r->location));
            return;
        case K::Store:
            ++c.info.stores;
            line(c, fmt::format("{} = {};", r->location, r->operands[0]));
            return;
        case K::Barrier:
            line(c, ir::x86_emits_fence(p.ordering) ? "smp_mb();"
                                                    : "// a compiler barrier only, on x86");
            return;
        case K::FetchAdd:
        case K::AddReturn:
        case K::AddAndTest:
            line(c, fmt::format("atomic_add({}, &{});", literal(r->amount), r->location));
            return;
        case K::Xchg:
            line(c, fmt::format("xchg(&{}, {});", r->location, r->operands[0]));
            return;
        case K::Cmpxchg:
            line(c,
                 fmt::format("cmpxchg(&{}, {}, {});", r->location, r->operands[0], r->operands[1]));
            return;
        case K::AddUnless:
            add_unless(call, c, {});
            return;
        case K::SpinLock:
            note_constant(1);
            line(c, fmt::format("while (cmpxchg(&{}, 0, 1) != 0) {{ }}", r->location));
            return;
        case K::SpinTrylock:
            note_constant(1);
            line(c, fmt::format("cmpxchg(&{}, 0, 1);", r->location));
            return;
        case K::SpinUnlock:
            ++c.info.stores;
            line(c, fmt::format("{} = 0;", r->location));
            return;
        }
    }

    // The kernel's atomic_fetch_add_unless(): c = atomic_read(v); then
    // try_cmpxchg(v, &c, c + a) until it succeeds or c == u. A failed
    // cmpxchg returns the value it found, which becomes the next c.
    void add_unless(const Expr& call, Ctx& c, const std::string& result) {
        std::optional<Resolved> r = resolve(call, c);
        if (!r) return;
        line(c, "{");
        ++c.indent;
        line(c, fmt::format("{} c = {};", kRangeType, r->location));
        if (!result.empty()) line(c, fmt::format("{} = 0;", result));
        line(c, fmt::format("while (c != {}) {{", literal(r->unless)));
        ++c.indent;
        line(c, fmt::format("{} o = cmpxchg(&{}, c, c + {});", kRangeType, r->location,
                            literal(r->amount)));
        line(c, "if (o == c) {");
        ++c.indent;
        if (!result.empty()) line(c, fmt::format("{} = 1;", result));
        line(c, "break;");
        --c.indent;
        line(c, "}");
        line(c, "c = o;");
        --c.indent;
        line(c, "}");
        --c.indent;
        line(c, "}");
    }

    // --- the model -----------------------------------------------------------------
    Translation assemble(std::string body) {
        Translation t;
        t.threads = static_cast<std::uint32_t>(test_.threads.size());
        t.lo = min_constant_ - down_;
        t.hi = max_constant_ + up_;
        for (const ThreadInfo& info : threads_)
            t.store_buffer = std::max(t.store_buffer, info.stores);
        std::string range = fmt::format("int<{}..{}>", t.lo, t.hi);
        for (std::size_t at = body.find(kRangeType); at != std::string::npos;
             at = body.find(kRangeType, at))
            body.replace(at, kRangeType.size(), range);
        std::string& m = t.model;
        m += fmt::format("// The litmus test {}, generated by `shootdown litmus`.\n", test_.name);
        m += "// Thread Pn runs on CPU n. Register r of Pn is the ghost Pn_r: it is\n"
             "// written in the step of the access it comes from, so it adds no steps.\n";
        m += fmt::format("type cpu = cpus({});\n", t.threads);
        for (const auto& [name, loc] : locations_) {
            t.locations.push_back(name);
            m += fmt::format("shared {} m_{} = {};\n", range, name, literal(loc.initial));
        }
        for (std::uint32_t i = 0; i < threads_.size(); ++i)
            for (const auto& [name, initial] : threads_[i].registers)
                m += fmt::format("ghost {} {} = {};\n", range, register_variable(i, name),
                                 literal(initial));
        m += "process {\n" + body + "}\n";
        return t;
    }

    const Test& test_;
    const lang::SourceManager& sources_;
    lang::Diagnostics& diagnostics_;
    std::map<std::string, Location> locations_;
    std::vector<ThreadInfo> threads_;
    std::int64_t min_constant_ = 0, max_constant_ = 1; // 0 and 1: a lock's two states
    std::int64_t up_ = 0, down_ = 0;                   // sums of the atomics' addends
    std::set<const char*> explained_;
};

} // namespace

std::string model_variable(const LocRef& location) {
    return location.thread ? fmt::format("P{}_{}", *location.thread, location.name)
                           : "m_" + location.name;
}

std::optional<Translation> translate(const Test& test, const lang::SourceManager& sources,
                                     lang::Diagnostics& diagnostics) {
    return Translator(test, sources, diagnostics).run();
}

} // namespace shootdown::litmus
