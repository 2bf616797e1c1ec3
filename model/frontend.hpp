// The front end as a library: model text in, a Program or diagnostics out.
// It never prints and never exits; app/ decides what to show.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/ir/program.hpp"
#include "model/lang/diagnostics.hpp"

namespace shootdown {

struct LoadOptions {
    std::string variant;                                      // empty: the first declared variant
    std::vector<std::pair<std::string, std::int64_t>> params; // --param overrides
    std::vector<std::string> library_dirs; // searched for `import` after the model's folder
    std::optional<ir::MemoryModel> memory; // unset: the model's `memory` default, else SC
    std::uint32_t store_buffer = 2;        // TSO: entries per CPU
};

// What `shootdown list` shows, available even when lowering fails later.
struct ModelSummary {
    std::vector<std::pair<std::string, std::int64_t>> params; // name, default
    std::vector<std::string> variants;
    std::vector<std::string> invariants;
    std::vector<std::string> statistics;
    std::vector<std::string> handlers, hardware_actions;
};

struct LoadResult {
    std::shared_ptr<lang::SourceManager> sources;
    lang::Diagnostics diagnostics;
    ModelSummary summary;
    std::optional<ir::Program> program; // set when there are no errors
};

LoadResult load_model(const std::string& path, const LoadOptions& options);
LoadResult load_model_text(const std::string& name, std::string text, const LoadOptions& options);

// The folder of model/lib as installed or in the source tree.
std::string default_library_dir();

} // namespace shootdown
