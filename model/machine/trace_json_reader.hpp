// The strict JSON reader behind parse_trace_json (trace_json.hpp): driven by
// the schema, it reads the value the schema expects next or fails saying what
// it found instead, at which byte. It builds no tree and never recurses on
// its own, so a hostile file costs no more memory or stack than a trace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace shootdown::machine::json {

// Why the file is not a valid trace, and at which byte.
struct Invalid {
    std::size_t offset = 0;
    std::string message;
};

[[noreturn]] inline void fail(std::size_t offset, std::string message) {
    throw Invalid{offset, std::move(message)};
}

// A string from the file as a diagnostic may show it: control bytes escaped
// and long ones cut, so that a hostile file cannot garble the terminal.
std::string printable(std::string_view s, std::size_t limit = 60);

// The first byte nested deeper than `limit` arrays and objects, found in one
// linear pass, so that nothing deeper ever reaches a parser.
std::optional<std::size_t> too_deep(std::string_view text, std::size_t limit);

// "line:col" (both 1-based) of a byte offset.
std::string position(std::string_view text, std::size_t offset);

// The root object's path; how a message names a path.
inline constexpr std::string_view kRoot = "the trace";
inline std::string named(const std::string& path) {
    return path == kRoot ? path : fmt::format("`{}`", path);
}

class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    // Skips white space; the offset of the next value.
    std::size_t next();
    [[nodiscard]] int peek() const {
        return at_ < text_.size() ? static_cast<unsigned char>(text_[at_]) : -1;
    }
    // What the next value is, for "must be X, not Y".
    std::string what_is_next();

    std::string string(const std::string& path);
    std::uint64_t unsigned_integer(const std::string& path, std::uint64_t max);
    std::int64_t integer(const std::string& path);
    // A string that must be one of `allowed`.
    std::string one_of(const std::string& path, std::span<const std::string_view> allowed);

    // Calls member(key, path.key) for each member; a member it does not know
    // (it returns false) is an error. Returns the keys seen.
    template <class Member>
    std::set<std::string> object(const std::string& path, Member&& member);
    // Calls element(index, path[index]) for each element.
    template <class Element>
    void array(const std::string& path, Element&& element);

    // Nothing but white space may follow the value read.
    void finish();

private:
    void expect(char first, const std::string& path, const char* type);
    // The separator after a member or element: `,` (true) or `close` (false).
    bool separator(char close, const std::string& after);
    std::string raw_string();
    void escape(std::string& out);
    std::uint32_t hex4();
    struct Number {
        bool negative = false;
        bool overflow = false;
        std::uint64_t magnitude = 0;
        std::string_view text;
    };
    Number integral_number(const std::string& path);

    std::string_view text_;
    std::size_t at_ = 0;
};

template <class Member>
std::set<std::string> Reader::object(const std::string& path, Member&& member) {
    expect('{', path, "an object");
    ++at_;
    std::set<std::string> keys; // a set: no quadratic duplicate check on huge objects
    if (next() < text_.size() && text_[at_] == '}') {
        ++at_;
        return keys;
    }
    for (;;) {
        const std::size_t key_at = next();
        if (peek() != '"')
            fail(key_at, fmt::format("expected a field name in quotes in {}, found {}", named(path),
                                     what_is_next()));
        const std::string key = raw_string();
        const std::string key_path = path == kRoot ? key : path + "." + key;
        if (!keys.insert(key).second)
            fail(key_at, fmt::format("`{}` appears twice", printable(key_path)));
        if (next() >= text_.size() || text_[at_] != ':')
            fail(at_, fmt::format("expected `:` after the field name `{}`, found {}",
                                  printable(key_path), what_is_next()));
        ++at_;
        if (!member(key, key_path))
            fail(key_at, fmt::format("unknown field `{}` in {}", printable(key), named(path)));
        if (!separator('}', key_path)) return keys;
    }
}

template <class Element>
void Reader::array(const std::string& path, Element&& element) {
    expect('[', path, "an array");
    ++at_;
    if (next() < text_.size() && text_[at_] == ']') {
        ++at_;
        return;
    }
    for (std::size_t i = 0;; ++i) {
        const std::string item = fmt::format("{}[{}]", path, i);
        element(i, item);
        if (!separator(']', item)) return;
    }
}

// Fails at `at` (the object's start) if a field is missing.
void require(const std::set<std::string>& keys, std::initializer_list<const char*> fields,
             const std::string& path, std::size_t at);

} // namespace shootdown::machine::json
