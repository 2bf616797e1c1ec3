// Running an expectation: loading its model as the `// expect:` line says,
// matching the violated property by name, and replaying a counterexample
// through its JSON form. Shared by the regression suites.
#pragma once

#include <string>

#include "checker/search.hpp"
#include "model/frontend.hpp"
#include "model/machine/machine.hpp"
#include "tests/regression/expectations.hpp"

namespace shootdown::tests {

LoadResult load(const Expectation& e);
bool property_matches(const machine::Machine& m, const checker::Counterexample& c,
                      const std::string& want);
// Writes the counterexample as JSON, reads it back and replays it; checks
// (Catch2) that it replays and confirms the violation.
void check_replay(const machine::Machine& m, const Expectation& e,
                  const checker::Counterexample& c);

// Checks (Catch2) a search's result against the expectation: the verdict;
// for no violation the exact states and transitions; for a violation the
// property and the length, and with `replay` that the trace replays.
void check_outcome(const machine::Machine& m, const Expectation& e, const checker::SearchResult& r,
                   bool replay);

} // namespace shootdown::tests
