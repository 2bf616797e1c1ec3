// Indented lines of model text.
#pragma once

#include <string>

namespace shootdown::random_models {

class Code {
public:
    void line(const std::string& text) {
        text_.append(static_cast<std::size_t>(4 * indent_), ' ');
        text_ += text;
        text_ += '\n';
    }
    void open(const std::string& head) {
        line(head + " {");
        ++indent_;
    }
    // "} else {", "} or {": closes one block and opens the next.
    void reopen(const std::string& text) {
        --indent_;
        line(text);
        ++indent_;
    }
    void close(const std::string& tail = "}") {
        --indent_;
        line(tail);
    }
    [[nodiscard]] const std::string& text() const { return text_; }

private:
    std::string text_;
    int indent_ = 0;
};

} // namespace shootdown::random_models
