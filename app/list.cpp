// `shootdown list`: what a model offers: parameters, variants, properties.
#include <fmt/format.h>

#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "app/model_loading.hpp"
#include "model/compiled/toolchain.hpp"
#include "model/machine/ir_dump.hpp"

namespace shootdown::app {

int run_list(const ModelOptions& options, bool ir, const std::string& emit_compiled) {
    std::optional<LoadResult> loaded = load_or_report(options);
    if (!loaded) return kBadInput;
    if (!emit_compiled.empty()) {
        const machine::Tables tables(*loaded->program);
        if (compiled::emit_sources(tables, emit_compiled)) return kNoViolation;
        fmt::print(stderr, "shootdown: error: cannot write the compiled steps' source to `{}`\n",
                   emit_compiled);
        return kBadInput;
    }
    if (ir) {
        fmt::print("{}", machine::dump_ir(*loaded->program));
        return kNoViolation;
    }
    const ModelSummary& s = loaded->summary;
    const ir::Program& p = *loaded->program;
    fmt::print("model: {}\n", options.model);
    fmt::print("parameters (override with --param NAME=VALUE):\n");
    for (const auto& [name, value] : s.params)
        fmt::print("  {} = {}\n", name, value);
    fmt::print("variants (select with --variant NAME; the first is the default):\n");
    for (const std::string& v : s.variants)
        fmt::print("  {}{}\n", v, v == p.variant ? "  (selected)" : "");
    fmt::print("invariants:\n");
    for (const std::string& i : s.invariants)
        fmt::print("  {}\n", i);
    fmt::print("statistics (maximum over all states, printed after a check):\n");
    for (const std::string& st : s.statistics)
        fmt::print("  {}\n", st);
    fmt::print("assertions: {}\n", p.asserts.size());
    fmt::print("interrupt handlers: {}\n", fmt::join(s.handlers, ", "));
    fmt::print("hardware actions: {}\n", fmt::join(s.hardware_actions, ", "));
    fmt::print("state vector: {} bits ({} bytes), {} CPUs, {} instructions\n", p.state_bits,
               p.state_bytes(), p.cpus, p.code.size());
    return kNoViolation;
}

} // namespace shootdown::app
