#include "checker/watchdog.hpp"

#include <algorithm>
#include <chrono>

#include "checker/resources.hpp"

namespace shootdown::checker {

namespace {

constexpr std::chrono::milliseconds kPeriod{50};

} // namespace

Watchdog::Watchdog(const SearchOptions& options, std::function<void(Limit)> stop)
    : options_(options), stop_(std::move(stop)), baseline_bytes_(resident_bytes()),
      machine_cap_bytes_(memory_budget_bytes() / 10 * 9), thread_([this] { watch(); }) {}

Watchdog::~Watchdog() {
    halt();
}

void Watchdog::halt() {
    {
        const std::lock_guard<std::mutex> lock(mutex_);
        halted_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Watchdog::watch() {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, kPeriod, [this] { return halted_; })) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const Limit limit = crossed(seconds);
        if (limit == Limit::None) continue;
        stop_(limit);
        return;
    }
}

Limit Watchdog::crossed(double seconds) const {
    if (options_.interrupt != nullptr && options_.interrupt->load(std::memory_order_relaxed))
        return Limit::Interrupted;
    if (options_.time_limit_seconds > 0 && seconds >= options_.time_limit_seconds)
        return Limit::Time;
    const std::uint64_t resident = resident_bytes();
    // The store's own accounting stops an ordinary search first; this catches
    // what it cannot see (one huge expansion), with slack for the allocator
    // and sanitizers.
    const std::uint64_t slack = std::max<std::uint64_t>(options_.max_memory_bytes, 64u << 20);
    if (options_.max_memory_bytes != 0 && resident > baseline_bytes_ &&
        resident - baseline_bytes_ > options_.max_memory_bytes + slack)
        return Limit::Memory;
    if (machine_cap_bytes_ != 0 && resident > machine_cap_bytes_) return Limit::OutOfMemory;
    return Limit::None;
}

} // namespace shootdown::checker
