// `shootdown replay`: re-execute a JSON counterexample and confirm it.
#include <algorithm>

#include <fmt/format.h>

#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/model_loading.hpp"
#include "model/machine/trace_json.hpp"
#include "properties/render_text.hpp"
#include "properties/report.hpp"

namespace shootdown::app {

namespace {

// The run the trace records, with what the command line gives instead: a
// --param replaces only the parameter it names.
ModelOptions replay_model(const ReplayOptions& options, const machine::TraceContext& trace) {
    ModelOptions mo = options.model;
    if (!options.variant_given) mo.variant = trace.variant;
    if (!options.memory_given) mo.memory = trace.memory;
    if (!options.store_buffer_given) mo.store_buffer = trace.store_buffer; // 0 under SC: default
    std::vector<std::string> params;
    for (const auto& [name, value] : trace.params) {
        const bool overridden =
            std::any_of(options.model.params.begin(), options.model.params.end(),
                        [&](const std::string& p) { return p.substr(0, p.find('=')) == name; });
        if (!overridden) params.push_back(fmt::format("{}={}", name, value));
    }
    params.insert(params.end(), options.model.params.begin(), options.model.params.end());
    mo.params = std::move(params);
    return mo;
}

} // namespace

int run_replay(const ReplayOptions& options) {
    const std::string& trace_file = options.trace_file;
    std::string error;
    std::optional<machine::TraceFile> file = machine::parse_trace_json(trace_file, error);
    if (!file) {
        fmt::print(stderr, "{}\n", error);
        return kBadInput;
    }
    const ModelOptions mo = replay_model(options, file->context);
    std::optional<LoadResult> loaded = load_or_report(mo);
    if (!loaded) {
        // The options above may come from the trace, not the command line.
        const std::size_t shown = std::min<std::size_t>(mo.params.size(), 8);
        const std::string params =
            mo.params.empty()
                ? "none"
                : fmt::format("{}{}", fmt::join(mo.params.begin(), mo.params.begin() + shown, " "),
                              shown < mo.params.size() ? " ..." : "");
        fmt::print(stderr,
                   "{}: error: the model does not load with the run the trace records "
                   "(with the command line's options): variant `{}`, memory {}, params {}\n",
                   trace_file, mo.variant, mo.memory, params);
        return kBadInput;
    }
    machine::Machine machine(*loaded->program);
    machine::ReplayResult r = machine::replay(machine, *file);
    if (!r.replayed) {
        fmt::print(stderr, "{}: error: the trace does not replay on this model: {}\n", trace_file,
                   r.message);
        return kBadInput;
    }
    if (r.confirmed)
        fmt::print("{}\n", properties::render_counterexample(
                               properties::describe_violation(machine, r.trace)));
    else
        fmt::print("{}\n", machine::render_text(machine, r.trace));
    fmt::print("replay: {}\n", r.message);
    return r.confirmed ? kViolation : kNoViolation;
}

} // namespace shootdown::app
