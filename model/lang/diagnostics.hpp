// Diagnostics are collected, never printed by the front end: a run reports
// every error of a file, and only app/ decides how (and whether) to print.
#pragma once

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/lang/source.hpp"

namespace shootdown::lang {

enum class Severity { Error, Warning, Note };

struct Diagnostic {
    Severity severity = Severity::Error;
    Span span;
    std::string message;
    std::string hint;    // optional: "did you mean `tlb_gen`?"
    bool located = true; // false: about an option, not about a place in a file
};

// A diagnostic identical to an earlier one (same place, same message) is
// dropped: a function is inlined at every call, and its errors are shown once.
class Diagnostics {
public:
    void error(Span span, std::string message, std::string hint = {});
    void warning(Span span, std::string message, std::string hint = {});
    void note(Span span, std::string message);
    // An error about a command-line option (--param, --variant): no source line.
    void option_error(std::string message, std::string hint = {});

    [[nodiscard]] bool has_errors() const { return errors_ > 0; }
    [[nodiscard]] std::size_t error_count() const { return errors_; }
    [[nodiscard]] const std::vector<Diagnostic>& all() const { return list_; }
    // Kept: the first kMaxKept; the others are only counted (errors still
    // count in error_count()).
    static constexpr std::size_t kMaxKept = 1000;
    [[nodiscard]] std::size_t dropped() const { return dropped_; }

    // In the order of the files (the model first), then of the text.
    void sort_by_location();

private:
    bool add(Diagnostic d);

    std::vector<Diagnostic> list_;
    std::size_t errors_ = 0;
    std::size_t dropped_ = 0;
    std::set<std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, std::string>> seen_;
};

// `file:line:col: error: message`, the source line, a caret under the span,
// and the hint, as compilers print them.
std::string render(const SourceManager& sources, const Diagnostic& diagnostic);
// At most `max_shown` errors and warnings (0: all), each with its notes,
// then how many more there were.
std::string render_all(const SourceManager& sources, const Diagnostics& diagnostics,
                       std::size_t max_shown = 0);

// The closest candidate by edit distance, for "did you mean" hints; empty if
// nothing is close enough to be a plausible typo.
std::string closest_name(const std::string& name, const std::vector<std::string>& candidates);

} // namespace shootdown::lang
