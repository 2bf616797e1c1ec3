// `shootdown replay`: re-execute a JSON counterexample and confirm it.
#include <fmt/format.h>

#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/model_loading.hpp"
#include "model/machine/trace_json.hpp"
#include "properties/render_text.hpp"
#include "properties/report.hpp"

namespace shootdown::app {

int run_replay(const ModelOptions& options, const std::string& trace_file) {
    std::string error;
    std::optional<machine::TraceFile> file = machine::parse_trace_json(trace_file, error);
    if (!file) {
        fmt::print(stderr, "{}\n", error);
        return kBadInput;
    }
    // The trace says which variant, parameters and memory model it came from;
    // options given on the command line take precedence.
    ModelOptions mo = options;
    if (mo.variant.empty()) mo.variant = file->context.variant;
    if (mo.memory.empty()) mo.memory = file->context.memory;
    if (mo.params.empty())
        for (const auto& [name, value] : file->context.params)
            mo.params.push_back(fmt::format("{}={}", name, value));
    if (options.store_buffer == 2 && file->context.store_buffer > 0)
        mo.store_buffer = file->context.store_buffer;
    std::optional<LoadResult> loaded = load_or_report(mo);
    if (!loaded) return kBadInput;
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
