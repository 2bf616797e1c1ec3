// Lowering: resolves names, checks types and emits a Program from parsed
// modules. Errors go to Diagnostics; a Program is returned only without any.
#pragma once

#include <optional>
#include <vector>

#include "model/frontend.hpp"
#include "model/lang/ast.hpp"

namespace shootdown::ir {

std::optional<Program> lower(const std::vector<const lang::Module*>& modules,
                             const LoadOptions& options,
                             std::shared_ptr<const lang::SourceManager> sources,
                             lang::Diagnostics& diagnostics, ModelSummary& summary);

} // namespace shootdown::ir
