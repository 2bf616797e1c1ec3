// Under x86-TSO the only reordering is a load overtaking an earlier store of
// the same CPU that still sits in its store buffer. This finds the ones a
// counterexample relies on and says which barrier would forbid each.
#pragma once

#include <string>
#include <vector>

#include "model/machine/trace.hpp"
#include "properties/report.hpp"

namespace shootdown::properties {

struct Reordering {
    std::uint32_t cpu = 0;
    std::size_t store_step = 0, load_step = 0; // 1-based trace steps
    std::string store, load;                   // element names: is_lazy[1], tlb_gen[mm1]
    lang::Span store_span, load_span;
    bool observed = false; // another CPU read the store's location while it was buffered
};

std::vector<Reordering> find_reorderings(const machine::Machine& m, const machine::Trace& t);
// The ones to show: those another CPU noticed if there are any, else all.
Reorderings reorderings_of(const machine::Machine& m, const machine::Trace& t);

} // namespace shootdown::properties
