#include "model/machine/trace_json_reader.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

namespace shootdown::machine::json {

std::string printable(std::string_view s, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f)
            out += fmt::format("\\x{:02x}", c);
        else
            out += static_cast<char>(c);
    }
    return s.size() > limit ? out + "..." : out;
}

std::optional<std::size_t> too_deep(std::string_view text, std::size_t limit) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

std::string position(std::string_view text, std::size_t offset) {
    const std::string_view before = text.substr(0, std::min(offset, text.size()));
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    const std::size_t newline = before.rfind('\n');
    const std::size_t col = before.size() - (newline == std::string_view::npos ? 0 : newline + 1);
    return fmt::format("{}:{}", line, col + 1);
}

std::size_t Reader::next() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
        ++at_;
    return at_;
}

std::string Reader::what_is_next() {
    if (next() >= text_.size()) return "the end of the file";
    const std::string_view rest = text_.substr(at_);
    const char c = rest[0];
    if (c == '"') return "a string";
    if (c == '{') return "an object";
    if (c == '[') return "an array";
    if (rest.starts_with("true") || rest.starts_with("false")) return "a boolean";
    if (rest.starts_with("null")) return "null";
    if (c == '-' || (c >= '0' && c <= '9')) return "a number";
    if (c > 0x20 && c < 0x7f) return fmt::format("`{}`", c);
    return fmt::format("the byte 0x{:02x}", static_cast<unsigned char>(c));
}

void Reader::finish() {
    if (next() < text_.size())
        fail(at_, fmt::format("{} after the end of the trace", what_is_next()));
}

void Reader::expect(char first, const std::string& path, const char* type) {
    if (next() >= text_.size() || text_[at_] != first)
        fail(at_, fmt::format("{} must be {}, not {}", named(path), type, what_is_next()));
}

bool Reader::separator(char close, const std::string& after) {
    if (next() < text_.size() && (text_[at_] == ',' || text_[at_] == close))
        return text_[at_++] == ',';
    fail(at_,
         fmt::format("expected `,` or `{}` after `{}`, found {}", close, after, what_is_next()));
}

std::string Reader::string(const std::string& path) {
    expect('"', path, "a string");
    return raw_string();
}

std::string Reader::raw_string() {
    const std::size_t start = at_++;
    std::string out;
    for (;;) {
        if (at_ >= text_.size()) fail(start, "a string that never ends");
        const auto c = static_cast<unsigned char>(text_[at_]);
        if (c == '"') break;
        if (c < 0x20)
            fail(at_, fmt::format("the control byte 0x{:02x} inside a string (JSON needs an "
                                  "escape such as \\n)",
                                  c));
        if (c == '\\')
            escape(out);
        else
            out += text_[at_++];
    }
    ++at_;
    return out;
}

void Reader::escape(std::string& out) {
    const std::size_t start = at_++;
    const char c = at_ < text_.size() ? text_[at_++] : '\0';
    constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
    if (const std::size_t i = kFrom.find(c); c != '\0' && i != std::string_view::npos) {
        out += kTo[i];
        return;
    }
    if (c != 'u') fail(start, "an unknown escape in a string");
    std::uint32_t cp = hex4();
    if (cp >= 0xdc00 && cp <= 0xdfff) fail(start, "a \\u escape of a lone low surrogate");
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (text_.substr(at_, 2) != "\\u") fail(start, "a high surrogate without its low half");
        at_ += 2;
        const std::uint32_t low = hex4();
        if (low < 0xdc00 || low > 0xdfff) fail(start, "a high surrogate without its low half");
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    // As UTF-8, as the writer would have written the character itself.
    const int extra = cp < 0x80 ? 0 : cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
    constexpr std::array<std::uint32_t, 4> kLead{0x00, 0xc0, 0xe0, 0xf0};
    out += static_cast<char>(kLead[static_cast<std::size_t>(extra)] | (cp >> (6 * extra)));
    for (int i = extra - 1; i >= 0; --i)
        out += static_cast<char>(0x80 | ((cp >> (6 * i)) & 0x3f));
}

std::uint32_t Reader::hex4() {
    const std::string_view digits = text_.substr(at_, 4);
    std::uint32_t v = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, 16);
    if (digits.size() != 4 || ec != std::errc() || end != digits.data() + 4)
        fail(at_, "a \\u escape needs four hexadecimal digits");
    at_ += 4;
    return v;
}

// A number in JSON's grammar that must be an integer: its sign and magnitude.
Reader::Number Reader::integral_number(const std::string& path) {
    const std::size_t start = next();
    if (peek() != '-' && (peek() < '0' || peek() > '9'))
        fail(start, fmt::format("`{}` must be an integer, not {}", path, what_is_next()));
    Number n;
    auto digit = [&] { return at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9'; };
    auto digits = [&](bool keep) {
        if (!digit()) fail(at_, fmt::format("a malformed number in `{}`", path));
        for (; digit(); ++at_) {
            const auto d = static_cast<std::uint64_t>(text_[at_] - '0');
            if (!keep) continue;
            if (n.magnitude > (std::numeric_limits<std::uint64_t>::max() - d) / 10)
                n.overflow = true;
            else
                n.magnitude = n.magnitude * 10 + d;
        }
    };
    n.negative = peek() == '-';
    if (n.negative) ++at_;
    if (peek() == '0' && at_ + 1 < text_.size() && text_[at_ + 1] >= '0' && text_[at_ + 1] <= '9')
        fail(start, fmt::format("a number with a leading zero in `{}`", path));
    digits(true);
    bool integral = true;
    if (peek() == '.') {
        ++at_;
        digits(false);
        integral = false;
    }
    if (peek() == 'e' || peek() == 'E') {
        ++at_;
        if (peek() == '+' || peek() == '-') ++at_;
        digits(false);
        integral = false;
    }
    n.text = text_.substr(start, at_ - start);
    if (!integral)
        fail(start, fmt::format("`{}` must be an integer, not {}", path, printable(n.text)));
    return n;
}

std::uint64_t Reader::unsigned_integer(const std::string& path, std::uint64_t max) {
    const std::size_t at = next();
    const Number n = integral_number(path);
    if (n.negative && (n.magnitude != 0 || n.overflow))
        fail(at, fmt::format("`{}` must not be negative, and is {}", path, printable(n.text)));
    if (n.overflow || n.magnitude > max)
        fail(at, fmt::format("`{}` is {}, more than the {} it may be at most", path,
                             printable(n.text), max));
    return n.magnitude;
}

std::int64_t Reader::integer(const std::string& path) {
    const std::size_t at = next();
    const Number n = integral_number(path);
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (n.overflow || n.magnitude > kMax + (n.negative ? 1 : 0))
        fail(at, fmt::format("`{}` is {}, outside the 64-bit integers", path, printable(n.text)));
    if (!n.negative) return static_cast<std::int64_t>(n.magnitude);
    return n.magnitude == kMax + 1 ? std::numeric_limits<std::int64_t>::min()
                                   : -static_cast<std::int64_t>(n.magnitude);
}

std::string Reader::one_of(const std::string& path, std::span<const std::string_view> allowed) {
    const std::size_t at = next();
    std::string s = string(path);
    if (std::find(allowed.begin(), allowed.end(), s) != allowed.end()) return s;
    std::string choices = fmt::format("\"{}\"", allowed.back());
    for (std::size_t i = allowed.size() - 1; i-- > 0;)
        choices =
            fmt::format("\"{}\"{} {}", allowed[i], i + 2 == allowed.size() ? " or" : ",", choices);
    fail(at, fmt::format("`{}` must be {}, not \"{}\"", path, choices, printable(s)));
}

void require(const std::set<std::string>& keys, std::initializer_list<const char*> fields,
             const std::string& path, std::size_t at) {
    for (const char* field : fields)
        if (!keys.count(field)) fail(at, fmt::format("{} has no `{}` field", named(path), field));
}

} // namespace shootdown::machine::json
