// Recursive-descent parser for .sd models. On a syntax error it reports a
// located diagnostic, skips to the next statement or declaration, and goes
// on, so one run shows every error of the file.
#pragma once

#include "model/lang/ast.hpp"
#include "model/lang/diagnostics.hpp"

namespace shootdown::lang {

Module parse(const SourceManager& sources, std::uint32_t file, Diagnostics& diagnostics);

} // namespace shootdown::lang
