// Decides when the search reads the clock (for the time limit and progress).
//
// Reading steady_clock costs tens of nanoseconds, too much per state for a
// fast model, yet a slow model may spend milliseconds per state. So the clock
// is read every `stride` expansions, and the stride adapts: it doubles while
// reads come less than a millisecond apart (up to kMaxStride) and, when they
// come more than ten milliseconds apart, shrinks so that the next one comes
// after about five.
#pragma once

#include <chrono>
#include <cstdint>

namespace shootdown::checker {

class Pacer {
public:
    static constexpr std::uint32_t kMaxStride = 4096;

    Pacer() : start_(Clock::now()), last_read_(start_) {}

    // Counts one expansion; true when the clock should be read.
    [[nodiscard]] bool tick() {
        if (++calls_ < stride_) return false;
        calls_ = 0;
        return true;
    }
    // Seconds since construction; adapts the stride to the time since the
    // previous read.
    double read();
    // Seconds since construction, without affecting the pacing.
    [[nodiscard]] double elapsed() const;

    [[nodiscard]] std::uint32_t stride() const { return stride_; }

private:
    using Clock = std::chrono::steady_clock;

    Clock::time_point start_;
    Clock::time_point last_read_;
    std::uint32_t stride_ = 1;
    std::uint32_t calls_ = 0;
};

} // namespace shootdown::checker
