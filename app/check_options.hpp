// `shootdown check`'s options turned into what the search and the output
// need, refusing what would silently mean something else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "checker/search.hpp"

namespace shootdown::app {

// The search's options; prints an error and returns nullopt on nonsense.
std::optional<checker::SearchOptions> search_options(const CheckOptions& options);

// Before the search: can `path` take the trace, and is it none of `inputs`
// (the model and its imports)? Prints why not and returns false.
bool trace_path_usable(const std::string& path, const std::vector<std::string>& inputs);

// Writes the trace; on failure prints the path and the system's reason.
bool write_trace(const std::string& path, const std::string& json);

// Flushes stdout; false (with a message) if anything printed was lost.
bool stdout_written();

} // namespace shootdown::app
