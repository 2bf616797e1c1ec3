// Parser for C litmus tests. Syntax errors are reported with their location;
// what the names mean and whether a primitive is supported is decided later
// (translate.cpp), so that one run reports every unsupported construct.
#pragma once

#include <optional>

#include "model/lang/diagnostics.hpp"
#include "model/lang/source.hpp"
#include "model/litmus/ast.hpp"

namespace shootdown::litmus {

// nullopt after a syntax error (reported in `diagnostics`).
std::optional<Test> parse(const lang::SourceManager& sources, std::uint32_t file,
                          lang::Diagnostics& diagnostics);

} // namespace shootdown::litmus
