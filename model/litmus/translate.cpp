#include "model/litmus/translate.hpp"

#include <fmt/format.h>

#include "model/litmus/translator.hpp"

namespace shootdown::litmus::translation {

std::optional<Translation> Translator::run() {
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

void Translator::declare_locations() {
    for (const InitItem& item : test_.init) {
        if (item.location.thread) continue; // a register: after the threads
        if (item.pointer || !item.address_of.empty()) {
            error(item.value_span.end > item.value_span.begin ? item.value_span
                                                              : item.location.span,
                  fmt::format("pointer values are not supported: `{}` would hold {}",
                              item.location.name,
                              item.address_of.empty() ? std::string("a pointer")
                                                      : "the address of `" + item.address_of + "`"),
                  once(kPointerHint));
            continue;
        }
        auto [it, fresh] =
            locations_.emplace(item.location.name, Location{item.value, item.location.span});
        if (!fresh)
            error(item.location.span, fmt::format("`{}` is initialised twice", item.location.name),
                  fmt::format("the first initialisation is at {}",
                              sources_.location(it->second.span)));
        note_constant(item.value);
    }
    for (const Thread& t : test_.threads)
        for (const Param& p : t.params)
            locations_.emplace(p.name, Location{0, p.span});
}

void Translator::declare_thread(const Thread& t) {
    ThreadInfo& info = threads_[t.id];
    for (const Param& p : t.params)
        if (!info.params.insert(p.name).second)
            error(p.span, fmt::format("P{} has two parameters named `{}`", t.id, p.name));
    declare_registers(t, t.body, info);
}

void Translator::declare_registers(const Thread& t, const Stmt& s, ThreadInfo& info) {
    if (s.kind == Stmt::Kind::Declare) {
        if (info.params.count(s.name)) {
            error(s.name_span,
                  fmt::format("register `{}` has the name of a parameter of P{}", s.name, t.id),
                  "rename the register");
        } else if (!info.registers.emplace(s.name, 0).second) {
            error(s.name_span, fmt::format("register `{}` is declared twice in P{}", s.name, t.id));
        }
        if (s.pointer)
            error(s.span, fmt::format("pointer registers are not supported: `int *{}`", s.name),
                  once(kPointerHint));
    }
    for (const Stmt& b : s.body)
        declare_registers(t, b, info);
}

void Translator::initialise_registers() {
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
bool Translator::check_reference(const LocRef& l) {
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

void Translator::check_prop(const Prop& p) {
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
void Translator::check_limits() {
    if (test_.threads.size() > 32)
        error(test_.threads[32].span, "at most 32 threads are supported",
              "a thread is a CPU of the model");
    const std::int64_t lo = min_constant_ - down_, hi = max_constant_ + up_;
    if (hi - lo > (std::int64_t{1} << 32))
        error(test_.name_span,
              fmt::format("the test's values range over {}..{}: too many for the model", lo, hi),
              "the range comes from the constants and the amounts the atomics add");
}

Translation Translator::assemble(std::string body) {
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

} // namespace shootdown::litmus::translation

namespace shootdown::litmus {

std::string model_variable(const LocRef& location) {
    return location.thread ? fmt::format("P{}_{}", *location.thread, location.name)
                           : "m_" + location.name;
}

std::optional<Translation> translate(const Test& test, const lang::SourceManager& sources,
                                     lang::Diagnostics& diagnostics) {
    return translation::Translator(test, sources, diagnostics).run();
}

} // namespace shootdown::litmus
