// Names and values as a kernel developer reads them: `tlb_gen[1]`,
// `FREED`, `{0,2}` for a cpumask.
#pragma once

#include <string>

#include "model/ir/program.hpp"

namespace shootdown::machine {

std::string format_value(const ir::Program& p, ir::TypeId type, std::int64_t value);
std::string element_name(const ir::Program& p, std::uint32_t var, std::uint32_t element);
std::string location_text(const ir::Program& p, lang::Span span); // file:line
std::string source_line(const ir::Program& p, lang::Span span);   // the line's text, trimmed

} // namespace shootdown::machine
