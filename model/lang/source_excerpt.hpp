// The source line under a diagnostic, made safe to print: at most a screen
// wide around the span (a 50 KB one-line file must not print 50 KB per
// error), control bytes and bytes that are not UTF-8 shown as \xNN (a
// terminal must not interpret them), and the caret line aligned under it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shootdown::lang {

struct Excerpt {
    std::string text;  // the line, or a window of it with "..." at a cut
    std::string caret; // spaces (tabs where the line has them), ^ and ~
};

inline constexpr std::uint32_t kExcerptColumns = 100;

// `column` is the span's first byte (1-based), `length` its bytes.
Excerpt excerpt(std::string_view line, std::uint32_t column, std::uint32_t length);

} // namespace shootdown::lang
