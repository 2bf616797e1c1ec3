#include "model/machine/trace_json.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <limits>

#include <fmt/format.h>

#include "model/machine/format.hpp"
#include "model/machine/trace_json_reader.hpp"

namespace shootdown::machine {

namespace {

using json::fail;
using json::printable;

constexpr std::uint64_t kMaxU32 = std::numeric_limits<std::uint32_t>::max();
constexpr std::array<std::string_view, 4> kStepKinds{"program", "interrupt", "hardware", "drain"};
constexpr std::array<std::string_view, 3> kViolationKinds{"invariant", "step", "deadlock"};
constexpr std::array<std::string_view, 2> kMemoryModels{"sc", "tso"};
constexpr std::uint64_t kMaxStoreBuffer = 8; // as --store-buffer
// Models have a handful of parameters; each unknown one costs a diagnostic.
constexpr std::size_t kMaxParams = 256;
// A diagnostic shows this many of a step's events (a read-heavy step has
// dozens; a hostile file millions).
constexpr std::size_t kShownEvents = 40;

void read_events(json::Reader& r, const std::string& path, std::vector<std::string>& out) {
    r.array(path, [&](std::size_t, const std::string& item) {
        const std::size_t at = r.next();
        const auto keys = r.object(item, [&](const std::string& key, const std::string& p) {
            if (key != "text") return false;
            out.push_back(r.string(p));
            return true;
        });
        json::require(keys, {"text"}, item, at);
    });
}

void read_step(json::Reader& r, const std::string& path, std::size_t index, TraceFile& f) {
    const std::size_t at = r.next();
    std::uint32_t ordinal = 0, cpu = 0;
    RecordedStep s;
    const auto keys = r.object(path, [&](const std::string& key, const std::string& p) {
        if (key == "step") {
            const std::size_t value_at = r.next();
            if (const std::uint64_t n = r.unsigned_integer(p, kMaxU32); n != index + 1)
                fail(value_at, fmt::format("`{}` is {}, but the step is number {} in `steps`", p, n,
                                           index + 1));
        } else if (key == "ordinal") {
            ordinal = static_cast<std::uint32_t>(r.unsigned_integer(p, kMaxU32));
        } else if (key == "cpu") {
            cpu = static_cast<std::uint32_t>(r.unsigned_integer(p, kMaxU32));
        } else if (key == "kind") {
            s.kind = r.one_of(p, kStepKinds);
        } else if (key == "name" || key == "location" || key == "source") {
            (key == "name" ? s.name : key == "location" ? s.location : s.source) = r.string(p);
        } else if (key == "events") {
            read_events(r, p, s.events);
        } else {
            return false;
        }
        return true;
    });
    json::require(keys, {"step", "ordinal", "cpu", "kind", "name", "location", "source", "events"},
                  path, at);
    f.ordinals.push_back(ordinal);
    f.cpus.push_back(cpu);
    f.steps.push_back(std::move(s));
}

void read_params(json::Reader& r, const std::string& path, TraceContext& c) {
    r.object(path, [&](const std::string& key, const std::string& p) {
        const bool identifier =
            !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0])) &&
            std::all_of(key.begin(), key.end(), [](char ch) {
                return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_';
            });
        if (!identifier) fail(r.next(), fmt::format("`{}` is not a parameter name", printable(p)));
        if (c.params.size() == kMaxParams)
            fail(r.next(), fmt::format("`{}` has more than {} parameters", path, kMaxParams));
        c.params.emplace_back(key, r.integer(p));
        return true;
    });
}

void read_violation(json::Reader& r, const std::string& path, TraceFile& f) {
    const std::size_t at = r.next();
    const auto keys = r.object(path, [&](const std::string& key, const std::string& p) {
        if (key == "kind")
            f.kind = r.one_of(p, kViolationKinds);
        else if (key == "property")
            f.violation = r.string(p);
        else
            return false;
        return true;
    });
    json::require(keys, {"kind", "property"}, path, at);
}

// One top-level field; false if the trace format has no such field.
bool read_field(json::Reader& r, const std::string& key, TraceFile& f, std::size_t& sb_at) {
    const std::size_t at = r.next();
    if (key == "format") {
        if (r.string(key) != "shootdown-trace")
            fail(at, "not a shootdown trace: `format` must be \"shootdown-trace\"");
    } else if (key == "version") {
        if (const std::uint64_t v = r.unsigned_integer(key, kMaxU32); v != 1)
            fail(at, fmt::format("this is a version {} trace; this shootdown reads version 1", v));
    } else if (key == "model" || key == "variant") {
        (key == "model" ? f.context.model : f.context.variant) = r.string(key);
    } else if (key == "params") {
        read_params(r, key, f.context);
    } else if (key == "memory") {
        f.context.memory = r.one_of(key, kMemoryModels);
    } else if (key == "store_buffer") {
        sb_at = at;
        f.context.store_buffer =
            static_cast<std::uint32_t>(r.unsigned_integer(key, kMaxStoreBuffer));
    } else if (key == "violation") {
        read_violation(r, key, f);
    } else if (key == "initial") {
        f.initial = static_cast<std::uint32_t>(r.unsigned_integer(key, kMaxU32));
    } else if (key == "steps") {
        r.array(key, [&](std::size_t i, const std::string& item) { read_step(r, item, i, f); });
    } else {
        return false;
    }
    return true;
}

TraceFile read_trace(std::string_view text) {
    if (std::all_of(text.begin(), text.end(),
                    [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }))
        fail(0, "the file is empty; a shootdown trace is a JSON object");
    if (std::optional<std::size_t> at = json::too_deep(text, kMaxTraceNesting))
        fail(*at, fmt::format("the JSON nests deeper than {} levels; a shootdown trace needs 4",
                              kMaxTraceNesting));
    json::Reader r(text);
    const std::size_t at = r.next();
    if (r.peek() != '{')
        fail(at, fmt::format("a shootdown trace is a JSON object, not {}", r.what_is_next()));
    TraceFile f;
    std::size_t sb_at = 0;
    const auto keys =
        r.object(std::string(json::kRoot), [&](const std::string& key, const std::string&) {
            return read_field(r, key, f, sb_at);
        });
    if (!keys.count("format")) fail(at, "not a shootdown trace: it has no `format` field");
    json::require(keys,
                  {"format", "version", "model", "variant", "params", "memory", "store_buffer",
                   "violation", "initial", "steps"},
                  std::string(json::kRoot), at);
    r.finish();
    if (f.context.memory == "tso" && f.context.store_buffer == 0)
        fail(sb_at, "`store_buffer` must be between 1 and 8 under TSO");
    return f;
}

} // namespace

std::optional<TraceFile> parse_trace_json_text(const std::string& name, std::string_view text,
                                               std::string& error) {
    if (text.size() > kMaxTraceBytes) {
        error = fmt::format("{}: error: the file has more than {} MiB; that is not a trace", name,
                            kMaxTraceBytes >> 20);
        return std::nullopt;
    }
    try {
        return read_trace(text);
    } catch (const json::Invalid& e) {
        error = fmt::format("{}:{}: error: {}", name, json::position(text, e.offset), e.message);
        return std::nullopt;
    }
}

std::optional<TraceFile> parse_trace_json(const std::string& path, std::string& error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        error = fmt::format("{}: error: cannot read the trace: {}", path,
                            ec ? ec.message() : "no such file");
        return std::nullopt;
    }
    // A pipe is fine (<(...)); a directory or a device is not a trace.
    if (!fs::is_regular_file(status) && !fs::is_fifo(status)) {
        error = fmt::format("{}: error: cannot read the trace: not a regular file", path);
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::string text;
    std::array<char, 65536> chunk{};
    while (in && text.size() <= kMaxTraceBytes) {
        in.read(chunk.data(), chunk.size());
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad() || (!in.eof() && text.size() <= kMaxTraceBytes)) {
        error = fmt::format("{}: error: cannot read the trace", path);
        return std::nullopt;
    }
    return parse_trace_json_text(path, text, error);
}

namespace {

// The writer's step kinds (properties/report.cpp), in StepKind's order.
std::string kind_name(StepKind kind) {
    return std::string(kStepKinds.at(static_cast<std::size_t>(kind)));
}

// What the model's step does now, in the words the writer records.
RecordedStep observed(const Machine& m, const StepDescription& d) {
    const lang::Span span = step_span(m, d);
    RecordedStep s{kind_name(d.origin.kind),
                   step_name(m, d),
                   location_text(m.program(), span),
                   source_line(m.program(), span),
                   {}};
    for (const Event& e : d.events)
        s.events.push_back(event_text(m, e, d.origin.cpu));
    return s;
}

std::string shown(std::uint32_t cpu, const RecordedStep& s) {
    std::vector<std::string> events;
    for (std::size_t i = 0; i < s.events.size() && i < kShownEvents; ++i)
        events.push_back(printable(s.events[i], 200));
    if (s.events.size() > kShownEvents)
        events.push_back(fmt::format("... ({} events in all)", s.events.size()));
    const std::string where =
        s.location.empty() && s.source.empty()
            ? ""
            : fmt::format(" at {} | {}", printable(s.location), printable(s.source, 200));
    return fmt::format("CPU{} {} `{}`{}\n            events: {}", cpu, s.kind, printable(s.name),
                       where, events.empty() ? "none" : fmt::to_string(fmt::join(events, "; ")));
}

// The model's file name in locations, then and now: a trace replays on a
// renamed copy of its model (a patched one), but not on another import.
struct MainFile {
    std::string then, now;
    [[nodiscard]] bool same_location(const std::string& a, const std::string& b) const {
        return a == b || (a.starts_with(then + ":") && b.starts_with(now + ":") &&
                          a.substr(then.size()) == b.substr(now.size()));
    }
};

// What differs first between the recorded step and the one the model runs.
std::optional<std::string> difference(const MainFile& main, std::uint32_t cpu_then,
                                      const RecordedStep& then, std::uint32_t cpu_now,
                                      const RecordedStep& now) {
    if (cpu_then != cpu_now) return "it runs on another CPU";
    if (then.kind != now.kind) return "its kind differs";
    if (then.name != now.name) return "its name differs";
    if (!main.same_location(then.location, now.location)) return "its location differs";
    if (then.source != now.source) return "its source line differs";
    for (std::size_t i = 0; i < then.events.size() && i < now.events.size(); ++i)
        if (then.events[i] != now.events[i])
            return fmt::format("its event {} differs: `{}` recorded, `{}` now", i + 1,
                               printable(then.events[i], 200), printable(now.events[i], 200));
    if (then.events.size() != now.events.size())
        return fmt::format("it has {} events, the trace records {}", now.events.size(),
                           then.events.size());
    return std::nullopt;
}

// Why the recorded property is not one this model can break that way.
std::optional<std::string> unknown_property(const Machine& m, const TraceFile& f) {
    if (f.kind == "deadlock")
        return f.violation == "deadlock"
                   ? std::nullopt
                   : std::optional<std::string>(
                         fmt::format("a deadlock trace names the property `deadlock`, not `{}`",
                                     printable(f.violation)));
    const bool invariant = f.kind == "invariant";
    std::vector<std::string> names;
    for (const ir::Property& p : m.program().properties) {
        if ((p.kind == ir::Property::Kind::Invariant) != invariant) continue;
        if (p.name == f.violation) return std::nullopt;
        names.push_back(fmt::format("`{}`", p.name));
    }
    const char* what = invariant ? "invariant" : "assertion or run-time check";
    if (names.empty())
        return fmt::format("the trace's property `{}` is not in this model, which has no {}",
                           printable(f.violation), what);
    if (names.size() > 8) {
        names.resize(8);
        names.emplace_back("...");
    }
    return fmt::format("the trace's property `{}` is not an {} of this model (it has {})",
                       printable(f.violation), what, fmt::join(names, ", "));
}

// Re-executes the steps; false (with r.message) at the first that differs.
bool replay_steps(const Machine& m, const TraceFile& f, ReplayResult& r,
                  std::vector<std::byte>& current) {
    namespace fs = std::filesystem;
    const MainFile main{fs::path(f.context.model).filename().string(),
                        fs::path(m.program().sources->file(0).path()).filename().string()};
    checker::Successors next(m.state_bytes());
    for (std::size_t i = 0; i < f.ordinals.size(); ++i) {
        next.clear();
        m.successors(current.data(), next);
        if (f.ordinals[i] >= next.size()) {
            r.message =
                fmt::format("step {} does not exist in this model (it has {} possible "
                            "steps there, the trace takes number {})\n  recorded: {}",
                            i + 1, next.size(), f.ordinals[i], shown(f.cpus[i], f.steps[i]));
            return false;
        }
        TraceStep step{f.ordinals[i], m.describe(current.data(), f.ordinals[i])};
        const RecordedStep now = observed(m, step.step);
        const std::uint32_t cpu = step.step.origin.cpu;
        if (std::optional<std::string> d = difference(main, f.cpus[i], f.steps[i], cpu, now)) {
            r.message = fmt::format("step {} is not the recorded one: {}\n  recorded: {}\n  now:  "
                                    "    {}",
                                    i + 1, *d, shown(f.cpus[i], f.steps[i]), shown(cpu, now));
            return false;
        }
        current = step.step.after;
        r.trace.steps.push_back(std::move(step));
    }
    return true;
}

} // namespace

ReplayResult replay(const Machine& m, const TraceFile& f) {
    ReplayResult r;
    if (f.cpus.size() != f.ordinals.size() || f.steps.size() != f.ordinals.size()) {
        r.message = "the trace's steps are incomplete"; // only a hand-built TraceFile
        return r;
    }
    if (std::optional<std::string> unknown = unknown_property(m, f)) {
        r.message = *unknown;
        return r;
    }
    checker::Successors initial(m.state_bytes());
    m.initial_states(initial);
    if (f.initial >= initial.size()) {
        r.message = "the trace starts from an initial state the model does not have";
        return r;
    }
    r.trace.initial.assign(initial.state(f.initial), initial.state(f.initial) + m.state_bytes());
    std::vector<std::byte> current = r.trace.initial;
    if (!replay_steps(m, f, r, current)) return r;
    r.replayed = true;
    const StepDescription* last = r.trace.steps.empty() ? nullptr : &r.trace.steps.back().step;
    if (f.kind == "step") {
        r.trace.kind = checker::ViolationKind::Step;
        r.trace.property = last ? last->violation : checker::kNoProperty;
        r.confirmed = last && last->violation != checker::kNoProperty &&
                      m.property_name(last->violation) == f.violation;
    } else if (f.kind == "deadlock") {
        r.trace.kind = checker::ViolationKind::Deadlock;
        checker::Successors next(m.state_bytes());
        m.successors(current.data(), next);
        r.confirmed = next.empty() && !m.may_terminate(current.data());
    } else {
        r.trace.kind = checker::ViolationKind::Invariant;
        r.trace.property = m.check_state(current.data());
        r.confirmed = r.trace.property != checker::kNoProperty &&
                      m.property_name(r.trace.property) == f.violation;
    }
    r.message = r.confirmed
                    ? fmt::format("confirmed: {} after {} steps", f.violation, f.ordinals.size())
                    : fmt::format("the trace replays exactly, but does not end in a "
                                  "violation of {}",
                                  f.violation);
    return r;
}

} // namespace shootdown::machine
