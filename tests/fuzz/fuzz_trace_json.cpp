// libFuzzer entry point: parse_trace_json_text() on arbitrary bytes. Besides
// the sanitizers it checks the reader's contract: a TraceFile exactly when
// there is no error, a located diagnostic otherwise; a TraceFile that the
// writer (properties/render_json) writes back reads back the same; and
// replaying it on a small model ends in a verdict, never a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "model/frontend.hpp"
#include "model/machine/trace_json.hpp"
#include "properties/render_json.hpp"

namespace {

using namespace shootdown;

void check(bool ok) {
    if (!ok) std::abort();
}

properties::Violation as_violation(const machine::TraceFile& f) {
    properties::Violation v;
    v.kind = f.kind == "step"       ? checker::ViolationKind::Step
             : f.kind == "deadlock" ? checker::ViolationKind::Deadlock
                                    : checker::ViolationKind::Invariant;
    v.property = f.violation;
    v.initial = f.initial;
    for (std::size_t i = 0; i < f.steps.size(); ++i) {
        const machine::RecordedStep& s = f.steps[i];
        v.steps.push_back(
            {f.ordinals[i], f.cpus[i], s.kind, s.name, s.location, s.source, s.events, ""});
    }
    return v;
}

bool same(const machine::TraceFile& a, const machine::TraceFile& b) {
    return a.context.model == b.context.model && a.context.variant == b.context.variant &&
           a.context.params == b.context.params && a.context.memory == b.context.memory &&
           a.context.store_buffer == b.context.store_buffer && a.violation == b.violation &&
           a.kind == b.kind && a.initial == b.initial && a.ordinals == b.ordinals &&
           a.cpus == b.cpus && a.steps == b.steps;
}

// The model traces replay on, loaded once: loading per input would dominate
// the run. Only read after the first call.
const machine::Machine& teaching_machine() {
    static const auto loaded = [] {
        LoadOptions o;
        o.variant = "NO_WAIT";
        auto r = std::make_unique<LoadResult>(load_model(SHOOTDOWN_FUZZ_MODEL, o));
        check(r->program.has_value());
        return r;
    }();
    static const machine::Machine machine(*loaded->program);
    return machine;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const std::optional<machine::TraceFile> f =
        machine::parse_trace_json_text("fuzz.json", text, error);
    check(f.has_value() == error.empty());
    if (!f) {
        check(error.starts_with("fuzz.json:") && error.find(": error: ") != std::string::npos);
        return 0;
    }
    check(f->ordinals.size() == f->steps.size() && f->cpus.size() == f->steps.size());
    const std::string again = properties::render_json(f->context, as_violation(*f));
    const std::optional<machine::TraceFile> g =
        machine::parse_trace_json_text("again.json", again, error);
    check(g.has_value() && same(*f, *g));
    const machine::ReplayResult r = machine::replay(teaching_machine(), *f);
    check(!r.message.empty());
    check(!r.confirmed || r.replayed);
    return 0;
}
