// Says which property a counterexample breaks and with which values: the
// invariant's witness and the reads that decide it, the failed assertion, or
// where each CPU is stuck in a deadlock. As data (report.hpp); the words are
// render_text.hpp's.
#pragma once

#include <string>
#include <vector>

#include "checker/search.hpp"
#include "model/machine/machine.hpp"
#include "model/machine/trace.hpp"
#include "properties/report.hpp"

namespace shootdown::properties {

Explanation explain_violation(const machine::Machine& machine, checker::ViolationKind kind,
                              checker::PropertyId property, const std::vector<std::byte>& state,
                              const machine::StepDescription* last_step);

// "invariant no_walk_of_freed_tables", "assertion `...`", "deadlock": for verdict lines.
std::string property_title(const machine::Machine& machine, checker::ViolationKind kind,
                           checker::PropertyId property);

} // namespace shootdown::properties
