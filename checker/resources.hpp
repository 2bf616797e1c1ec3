// What the process holds and what the machine allows it: the search's
// memory limits compare these, not the store's own count, because a single
// expansion (a `choose` over a wide type) can allocate far more than the
// store ever will.
#pragma once

#include <cstdint>

namespace shootdown::checker {

// The most memory the process has held so far.
std::uint64_t peak_resident_bytes();
// What the process holds now (0 if the system does not say).
std::uint64_t resident_bytes();
// The memory this process may use at most: the machine's physical memory,
// or its cgroup's limit when that is lower (a container, a systemd slice).
std::uint64_t memory_budget_bytes();

} // namespace shootdown::checker
