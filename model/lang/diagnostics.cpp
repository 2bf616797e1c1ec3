#include "model/lang/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "model/lang/source_excerpt.hpp"

namespace shootdown::lang {

bool Diagnostics::add(Diagnostic d) {
    // Past the cap only the count grows: random bytes make an error per
    // token, and a huge file must not take memory per error.
    if (list_.size() >= kMaxKept) {
        if (d.severity != Severity::Note) ++dropped_;
        return d.severity == Severity::Error;
    }
    if (!seen_
             .emplace(static_cast<int>(d.severity), d.span.file, d.span.begin, d.span.end,
                      d.message)
             .second)
        return false;
    list_.push_back(std::move(d));
    return true;
}

void Diagnostics::error(Span span, std::string message, std::string hint) {
    if (add({Severity::Error, span, std::move(message), std::move(hint)})) ++errors_;
}

void Diagnostics::warning(Span span, std::string message, std::string hint) {
    add({Severity::Warning, span, std::move(message), std::move(hint)});
}

void Diagnostics::option_error(std::string message, std::string hint) {
    list_.push_back({Severity::Error, Span{}, std::move(message), std::move(hint), false});
    ++errors_;
}

void Diagnostics::note(Span span, std::string message) {
    add({Severity::Note, span, std::move(message), {}});
}

void Diagnostics::sort_by_location() {
    // A note stays after the error or warning it belongs to.
    std::vector<std::vector<Diagnostic>> groups;
    for (Diagnostic& d : list_) {
        if (d.severity != Severity::Note || groups.empty()) groups.emplace_back();
        groups.back().push_back(std::move(d));
    }
    std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) {
        return std::tie(a[0].span.file, a[0].span.begin) <
               std::tie(b[0].span.file, b[0].span.begin);
    });
    list_.clear();
    for (auto& g : groups)
        for (Diagnostic& d : g)
            list_.push_back(std::move(d));
}

namespace {

const char* severity_name(Severity s) {
    switch (s) {
    case Severity::Error:
        return "error";
    case Severity::Warning:
        return "warning";
    case Severity::Note:
        return "note";
    }
    return "error";
}

} // namespace

std::string render(const SourceManager& sources, const Diagnostic& d) {
    if (!d.located)
        return fmt::format("shootdown: error: {}\n{}", d.message,
                           d.hint.empty() ? "" : fmt::format("  hint: {}\n", d.hint));
    const SourceFile& file = sources.file(d.span.file);
    LineCol pos = file.position(d.span.begin);
    std::string out = fmt::format("{}:{}:{}: {}: {}\n", file.path(), pos.line, pos.column,
                                  severity_name(d.severity), d.message);
    std::uint32_t length = d.span.end > d.span.begin ? d.span.end - d.span.begin : 1;
    const Excerpt shown = excerpt(file.line_text(pos.line), pos.column, length);
    out += fmt::format("  {}\n  {}\n", shown.text, shown.caret);
    if (!d.hint.empty()) out += fmt::format("  hint: {}\n", d.hint);
    return out;
}

std::string render_all(const SourceManager& sources, const Diagnostics& diagnostics,
                       std::size_t max_shown) {
    std::string out;
    std::size_t shown = 0;
    std::size_t hidden = diagnostics.dropped();
    bool showing = true; // the current error or warning, and so its notes
    for (const Diagnostic& d : diagnostics.all()) {
        if (d.severity != Severity::Note) {
            showing = max_shown == 0 || shown < max_shown;
            if (showing)
                ++shown;
            else
                ++hidden;
        }
        if (showing) out += render(sources, d);
    }
    if (hidden > 0)
        out += fmt::format("... and {} more diagnostic{} not shown (--max-errors N shows more)\n",
                           hidden, hidden == 1 ? "" : "s");
    return out;
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = up;
        }
    }
    return row[b.size()];
}

} // namespace

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (const std::string& c : candidates) {
        std::size_t d = edit_distance(name, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    return best;
}

} // namespace shootdown::lang
