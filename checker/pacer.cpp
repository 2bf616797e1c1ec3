#include "checker/pacer.hpp"

namespace shootdown::checker {

namespace {

constexpr std::chrono::milliseconds kTooSoon{1};
constexpr std::chrono::milliseconds kTooLate{10};
constexpr std::chrono::milliseconds kTarget{5};

double seconds_between(std::chrono::steady_clock::time_point from,
                       std::chrono::steady_clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

} // namespace

double Pacer::read() {
    const Clock::time_point now = Clock::now();
    const Clock::duration since_last = now - last_read_;
    if (since_last < kTooSoon && stride_ < kMaxStride) {
        stride_ *= 2;
    } else if (since_last > kTooLate && stride_ > 1) {
        // Slow down in one go: a model may suddenly get much slower per state.
        const auto scaled = stride_ * kTarget / since_last;
        stride_ = scaled < 1 ? 1 : static_cast<std::uint32_t>(scaled);
    }
    last_read_ = now;
    return seconds_between(start_, now);
}

double Pacer::elapsed() const {
    return seconds_between(start_, Clock::now());
}

} // namespace shootdown::checker
