// The model's `statistic` declarations, accumulated over the states the
// search checks: each one's maximum and in how many states it was non-zero.
// Safe to update from several search threads at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace shootdown::machine {

struct StatisticValue {
    std::int64_t max = 0;
    std::uint64_t nonzero_states = 0;
};

class StatisticsAccumulator {
public:
    explicit StatisticsAccumulator(std::size_t n)
        : n_(n), max_(std::make_unique<std::atomic<std::int64_t>[]>(n)),
          nonzero_(std::make_unique<std::atomic<std::uint64_t>[]>(n)) {
        for (std::size_t i = 0; i < n; ++i) {
            max_[i] = std::numeric_limits<std::int64_t>::min();
            nonzero_[i] = 0;
        }
    }

    void record(std::size_t i, std::int64_t v) {
        std::int64_t seen = max_[i].load(std::memory_order_relaxed);
        while (v > seen && !max_[i].compare_exchange_weak(seen, v, std::memory_order_relaxed)) {}
        if (v != 0) nonzero_[i].fetch_add(1, std::memory_order_relaxed);
    }

    [[nodiscard]] std::vector<StatisticValue> values() const {
        std::vector<StatisticValue> out;
        for (std::size_t i = 0; i < n_; ++i)
            out.push_back({max_[i].load(std::memory_order_relaxed),
                           nonzero_[i].load(std::memory_order_relaxed)});
        return out;
    }

private:
    std::size_t n_;
    std::unique_ptr<std::atomic<std::int64_t>[]> max_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> nonzero_;
};

} // namespace shootdown::machine
