// A Report's counterexample as the JSON trace that `check --trace-json`
// writes and `replay` reads (schema: docs/trace-format.md).
#pragma once

#include <string>

#include "properties/report.hpp"

namespace shootdown::properties {

std::string render_json(const RunContext& context, const Violation& violation);
// The report's counterexample; the report must have one.
std::string render_json(const Report& report);

} // namespace shootdown::properties
