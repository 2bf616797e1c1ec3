// A Report (report.hpp) as people read it: the counterexample, the verdict
// line, the statistics and the notes, in a form worth pasting into a patch
// mail. Also the number formats the command line shares.
#pragma once

#include <cstdint>
#include <string>

#include "checker/search.hpp"
#include "properties/report.hpp"

namespace shootdown::properties {

std::string group_digits(std::uint64_t n); // 1868160 -> "1,868,160"
std::string format_bytes(std::uint64_t bytes);
std::string statistics_line(const checker::Statistics& s, std::size_t state_bytes);
std::string limit_name(checker::Limit limit); // "--max-states reached"

std::string render_explanation(const Explanation& explanation);
std::string render_reorderings(const Reorderings& reorderings);
// The trace (swimlanes, or one line per step if `brief`), then why it breaks
// the property and the reorderings it relies on.
std::string render_counterexample(const Violation& violation, bool brief = false);

struct TextOptions {
    bool quiet = false; // no counterexample, only the verdict and what follows
    bool brief = false; // the counterexample one line per step
};

// The counterexample (unless quiet) and the verdict line.
std::string render_verdict(const Report& report, const TextOptions& options);
// The statistics and the notes, after the verdict.
std::string render_summary(const Report& report);

} // namespace shootdown::properties
