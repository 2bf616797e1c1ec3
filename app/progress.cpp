#include "app/progress.hpp"

#include <fmt/format.h>

#include "properties/render_text.hpp"

namespace shootdown::app {

std::string progress_line(const checker::Progress& p) {
    using properties::group_digits;
    double rate = p.seconds > 0 ? static_cast<double>(p.states) / p.seconds : 0;
    return fmt::format("[{:>6.1f} s] states {}  ({}/s)  queue {}  depth {}  memory {}\n", p.seconds,
                       group_digits(p.states), group_digits(static_cast<std::uint64_t>(rate)),
                       group_digits(p.queued), p.depth, properties::format_bytes(p.memory_bytes));
}

} // namespace shootdown::app
