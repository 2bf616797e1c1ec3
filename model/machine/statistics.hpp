// The model's `statistic` declarations, accumulated over the states the
// search checks: each one's maximum and in how many states it was non-zero.
// Each search thread keeps its own StatisticTotals (in the Machine's
// StateObserver) and merges them into the Machine's StatisticsAccumulator
// once, when the search ends; traces and replays record nothing.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace shootdown::machine {

struct StatisticValue {
    std::int64_t max = std::numeric_limits<std::int64_t>::min(); // min: no state seen
    std::uint64_t nonzero_states = 0;
};

// One search thread's statistics: plain values, no sharing.
struct StatisticTotals {
    std::vector<StatisticValue> values;

    explicit StatisticTotals(std::size_t n) : values(n) {}
    void record(std::size_t i, std::int64_t v) {
        values[i].max = std::max(values[i].max, v);
        if (v != 0) ++values[i].nonzero_states;
    }
};

// The totals of every thread that has finished; safe to merge into from
// several threads at once.
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

    void merge(const StatisticTotals& t) {
        for (std::size_t i = 0; i < n_; ++i) {
            std::int64_t seen = max_[i].load(std::memory_order_relaxed);
            const std::int64_t v = t.values[i].max;
            while (v > seen && !max_[i].compare_exchange_weak(seen, v, std::memory_order_relaxed)) {
            }
            nonzero_[i].fetch_add(t.values[i].nonzero_states, std::memory_order_relaxed);
        }
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
