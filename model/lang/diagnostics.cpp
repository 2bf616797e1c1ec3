#include "model/lang/diagnostics.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace shootdown::lang {

bool Diagnostics::add(Diagnostic d) {
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

bool utf8_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

// The caret line: tabs are kept so the caret lines up under the source, and
// a character of several UTF-8 bytes takes one column.
std::string caret_line(std::string_view line, std::uint32_t column, std::uint32_t length) {
    std::string out;
    for (std::uint32_t i = 1; i < column && i - 1 < line.size(); ++i) {
        if (!utf8_continuation(line[i - 1])) out += line[i - 1] == '\t' ? '\t' : ' ';
    }
    out += '^';
    std::uint32_t room = column - 1 < line.size() ? line.size() - (column - 1) : 1;
    std::uint32_t tildes = std::min(length, room);
    for (std::uint32_t i = 1; i < tildes; ++i)
        if (!utf8_continuation(line[column - 1 + i])) out += '~';
    return out;
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
    std::string_view line = file.line_text(pos.line);
    std::uint32_t length = d.span.end > d.span.begin ? d.span.end - d.span.begin : 1;
    out += fmt::format("  {}\n  {}\n", line, caret_line(line, pos.column, length));
    if (!d.hint.empty()) out += fmt::format("  hint: {}\n", d.hint);
    return out;
}

std::string render_all(const SourceManager& sources, const Diagnostics& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics.all())
        out += render(sources, d);
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
