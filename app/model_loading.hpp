// Loading a model for a command: option parsing and diagnostics printing.
#pragma once

#include <optional>

#include "app/commands.hpp"
#include "model/frontend.hpp"

namespace shootdown::app {

// Parses --param/--memory into LoadOptions; prints an error and returns
// nullopt on a malformed option.
std::optional<LoadOptions> load_options(const ModelOptions& options);

// Loads the model and prints its diagnostics to stderr; nullopt on errors.
std::optional<LoadResult> load_or_report(const ModelOptions& options);

// "4G", "4g", "1.5G", "512MiB", "100k", "1T", "1000" -> bytes (binary
// multiples); nullopt if malformed.
std::optional<std::uint64_t> parse_size(const std::string& text);

} // namespace shootdown::app
