// An indented text buffer for the generated C++ (compiled/emit_*.cpp).
#pragma once

#include <string>
#include <utility>

#include <fmt/format.h>

namespace shootdown::compiled {

class Writer {
public:
    template <class... Args>
    void line(fmt::format_string<Args...> f, Args&&... args) {
        text_.append(static_cast<std::size_t>(depth_) * 4, ' ');
        fmt::format_to(std::back_inserter(text_), f, std::forward<Args>(args)...);
        text_ += '\n';
    }
    // `line` and one more level of indentation until close().
    template <class... Args>
    void open(fmt::format_string<Args...> f, Args&&... args) {
        line(f, std::forward<Args>(args)...);
        ++depth_;
    }
    void close(const char* text = "}") {
        --depth_;
        line("{}", text);
    }
    [[nodiscard]] const std::string& text() const { return text_; }
    std::string take() { return std::exchange(text_, {}); }

private:
    std::string text_;
    int depth_ = 0;
};

} // namespace shootdown::compiled
