// Verdict and statistics lines, in a form worth pasting into a patch mail.
#pragma once

#include <string>

#include "checker/search.hpp"

namespace shootdown::app {

std::string group_digits(std::uint64_t n); // 1868160 -> "1,868,160"
std::string format_bytes(std::uint64_t bytes);
std::string statistics_line(const checker::Statistics& s, std::size_t state_bytes);
std::string progress_line(const checker::Progress& p);
std::string limit_name(checker::Limit limit);

} // namespace shootdown::app
