// Says which property a counterexample breaks and with which values: the
// invariant's witness and the reads that decide it, the failed assertion, or
// where each CPU is stuck in a deadlock.
#pragma once

#include <string>
#include <vector>

#include "checker/search.hpp"
#include "model/machine/machine.hpp"
#include "model/machine/trace.hpp"

namespace shootdown::properties {

std::string explain_violation(const machine::Machine& machine, checker::ViolationKind kind,
                              checker::PropertyId property, const std::vector<std::byte>& state,
                              const machine::StepDescription* last_step);

// The whole counterexample as people read it: swimlanes, then the violation.
// `brief`: one line per step instead of swimlanes.
std::string render_counterexample(const machine::Machine& machine, const machine::Trace& trace,
                                  bool brief = false);

// "invariant no_walk_of_freed_tables", "assertion `...`", "deadlock": for verdict lines.
std::string property_title(const machine::Machine& machine, checker::ViolationKind kind,
                           checker::PropertyId property);

} // namespace shootdown::properties
