// The limits that must hold wherever the search spends its time: inside one
// long expansion (a `choose` over a wide type, an `atomic` block that forks
// without end), a canonicalisation, a table growth. The strategies check
// their limits between batches, which a single state can postpone for
// minutes; the watchdog checks them from a thread of its own every 50 ms and
// stops the search through the engine, whose stop flag the successor
// generation polls (Successors::stop_requested).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "checker/search.hpp"

namespace shootdown::checker {

class Watchdog {
public:
    // Calls `stop` (from the watchdog's thread) once, with the first limit
    // crossed: the interrupt flag, the time limit, max_memory_bytes against
    // the memory the process gained since the watchdog started, and the
    // machine's memory (memory_budget_bytes, OutOfMemory) when the process
    // holds 90 % of it.
    Watchdog(const SearchOptions& options, std::function<void(Limit)> stop);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // Stops watching (idempotent): no `stop` call after it returns.
    void halt();

private:
    void watch();
    [[nodiscard]] Limit crossed(double seconds) const;

    const SearchOptions& options_;
    std::function<void(Limit)> stop_;
    std::uint64_t baseline_bytes_;
    std::uint64_t machine_cap_bytes_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool halted_ = false;
    std::thread thread_; // last: starts once the fields above are set
};

} // namespace shootdown::checker
