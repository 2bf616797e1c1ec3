// The final clauses' propositions: evaluation on a final state and herd's
// notation for printing them back.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "model/litmus/ast.hpp"

namespace shootdown::litmus {

// Whether `p` holds when each location has the value `value_of` gives it.
bool holds(const Prop& p, const std::function<std::int64_t(const LocRef&)>& value_of);

// `0:r0=1 /\ (x=2 \/ ~y=0)`, parenthesised only where needed.
std::string to_string(const Prop& p);

// The locations and registers the atoms of `p` read, in order, each once.
void collect_locations(const Prop& p, std::vector<LocRef>& out);

} // namespace shootdown::litmus
