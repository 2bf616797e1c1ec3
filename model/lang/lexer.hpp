// Turns one source file into tokens. Bad characters and unterminated comments
// or strings become diagnostics; lexing always reaches the end of the file.
#pragma once

#include <vector>

#include "model/lang/diagnostics.hpp"
#include "model/lang/token.hpp"

namespace shootdown::lang {

std::vector<Token> lex(const SourceManager& sources, std::uint32_t file, Diagnostics& diagnostics);

} // namespace shootdown::lang
