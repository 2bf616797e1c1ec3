// The memory and time limits and the progress reports, as every search
// strategy applies them before an expansion (the clock is read only when
// the Pacer says so).
#pragma once

#include <cstdint>

#include "checker/pacer.hpp"
#include "checker/search.hpp"

namespace shootdown::checker {

class LimitGuard {
public:
    // The limit `memory` bytes (or the time) exceed, or Limit::None. When a
    // report is due, calls options.on_progress with make_progress(seconds),
    // which must fill in everything but memory_bytes.
    template <class MakeProgress>
    Limit check(const SearchOptions& options, std::uint64_t memory, MakeProgress make_progress) {
        if (options.max_memory_bytes != 0 && memory > options.max_memory_bytes)
            return Limit::Memory;
        if (!pacer_.tick()) return Limit::None;
        const double seconds = pacer_.read();
        if (options.time_limit_seconds > 0 && seconds >= options.time_limit_seconds)
            return Limit::Time;
        if (options.on_progress && seconds - last_progress_ >= options.progress_interval_seconds) {
            last_progress_ = seconds;
            Progress progress = make_progress(seconds);
            progress.memory_bytes = memory;
            options.on_progress(progress);
        }
        return Limit::None;
    }
    [[nodiscard]] double elapsed() const { return pacer_.elapsed(); }

private:
    Pacer pacer_;
    double last_progress_ = 0;
};

} // namespace shootdown::checker
