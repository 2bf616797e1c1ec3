#include "model/lang/source_excerpt.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace shootdown::lang {

namespace {

// One character as printed: its bytes in the line and what stands for it.
struct Unit {
    std::size_t begin = 0, end = 0;
    std::string shown;
    std::uint32_t columns = 1;
    bool tab = false;
};

// The length of a well-formed UTF-8 sequence at `i`, or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const std::size_t n = lead < 0x80           ? 1
                          : (lead >> 5) == 0x6  ? 2
                          : (lead >> 4) == 0xe  ? 3
                          : (lead >> 3) == 0x1e ? 4
                                                : 0;
    if (n == 0 || i + n > s.size() || (n == 2 && lead < 0xc2)) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
    return n;
}

std::vector<Unit> units_of(std::string_view line) {
    std::vector<Unit> units;
    for (std::size_t i = 0; i < line.size();) {
        const auto byte = static_cast<unsigned char>(line[i]);
        std::size_t n = utf8_length(line, i);
        Unit u;
        u.begin = i;
        if (byte == '\t') {
            u.shown = "\t";
            u.tab = true;
            n = 1;
        } else if (n == 0 || byte < 0x20 || byte == 0x7f) {
            u.shown = fmt::format("\\x{:02x}", byte);
            u.columns = 4;
            n = 1;
        } else {
            u.shown = std::string(line.substr(i, n));
        }
        u.end = i + n;
        units.push_back(std::move(u));
        i += n;
    }
    return units;
}

} // namespace

Excerpt excerpt(std::string_view line, std::uint32_t column, std::uint32_t length) {
    const std::vector<Unit> units = units_of(line);
    const std::size_t at = column > 0 ? column - 1 : 0;
    std::size_t first = 0; // the unit holding the span's first byte
    while (first < units.size() && units[first].end <= at)
        ++first;
    std::size_t last = first; // one past the span's last unit
    while (last < units.size() && units[last].begin < at + std::max<std::uint32_t>(length, 1))
        ++last;
    // The window: from a little before the span, as wide as a screen.
    std::size_t begin = first;
    std::uint32_t lead = 0;
    while (begin > 0 && lead + units[begin - 1].columns <= kExcerptColumns / 3)
        lead += units[--begin].columns;
    std::size_t end = begin;
    std::uint32_t width = 0;
    while (end < units.size() && width + units[end].columns <= kExcerptColumns)
        width += units[end++].columns;
    Excerpt out;
    if (begin > 0) {
        out.text = "...";
        out.caret = "   ";
    }
    for (std::size_t i = begin; i < end; ++i) {
        out.text += units[i].shown;
        if (i < first) out.caret += units[i].tab ? "\t" : std::string(units[i].columns, ' ');
    }
    if (end < units.size()) out.text += "...";
    out.caret += '^';
    std::uint32_t marked = 0;
    for (std::size_t i = first; i < std::min(last, end); ++i)
        marked += units[i].columns;
    if (marked > 1) out.caret += std::string(marked - 1, '~');
    return out;
}

} // namespace shootdown::lang
