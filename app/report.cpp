#include "app/report.hpp"

#include <fmt/format.h>

namespace shootdown::app {

std::string group_digits(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string format_bytes(std::uint64_t bytes) {
    if (bytes >= (1ull << 30))
        return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / (1ull << 30));
    if (bytes >= (1ull << 20))
        return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1ull << 20));
    if (bytes >= (1ull << 10))
        return fmt::format("{:.1f} KiB", static_cast<double>(bytes) / (1ull << 10));
    return fmt::format("{} B", bytes);
}

std::string statistics_line(const checker::Statistics& s, std::size_t state_bytes) {
    double rate = s.seconds > 0 ? static_cast<double>(s.states) / s.seconds : 0;
    double per_state =
        s.states > 0 ? static_cast<double>(s.store_bytes) / static_cast<double>(s.states) : 0;
    return fmt::format("states: {}  transitions: {}  depth: {}\n"
                       "time: {:.2f} s  ({} states/s)  state vector: {} B  store: {:.1f} B/state  "
                       "peak memory: {}\n",
                       group_digits(s.states), group_digits(s.transitions), s.depth, s.seconds,
                       group_digits(static_cast<std::uint64_t>(rate)), state_bytes, per_state,
                       format_bytes(s.peak_memory_bytes));
}

std::string progress_line(const checker::Progress& p) {
    double rate = p.seconds > 0 ? static_cast<double>(p.states) / p.seconds : 0;
    return fmt::format("[{:>6.1f} s] states {}  ({}/s)  queue {}  depth {}  memory {}\n", p.seconds,
                       group_digits(p.states), group_digits(static_cast<std::uint64_t>(rate)),
                       group_digits(p.queued), p.depth, format_bytes(p.memory_bytes));
}

std::string limit_name(checker::Limit limit) {
    switch (limit) {
    case checker::Limit::States:
        return "--max-states";
    case checker::Limit::Memory:
        return "--max-memory";
    case checker::Limit::Time:
        return "--time-limit";
    case checker::Limit::Depth:
        return "--max-depth";
    case checker::Limit::None:
        break;
    }
    return "a limit";
}

} // namespace shootdown::app
