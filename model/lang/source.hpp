// Source files and positions. Every token and AST node carries a Span so that
// every diagnostic and every trace step can show the line it came from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shootdown::lang {

struct Span {
    std::uint32_t file = 0;
    std::uint32_t begin = 0; // byte offsets into the file's text
    std::uint32_t end = 0;
};

struct LineCol {
    std::uint32_t line = 0;   // 1-based
    std::uint32_t column = 0; // 1-based, in bytes
};

class SourceFile {
public:
    SourceFile(std::string path, std::string text);
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const std::string& text() const { return text_; }
    [[nodiscard]] LineCol position(std::uint32_t offset) const;
    [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
    [[nodiscard]] std::uint32_t line_count() const {
        return static_cast<std::uint32_t>(line_starts_.size());
    }

private:
    std::string path_;
    std::string text_;
    std::vector<std::uint32_t> line_starts_;
};

// Owns every file read during one front-end run (the model and its imports).
class SourceManager {
public:
    std::uint32_t add(std::string path, std::string text);
    [[nodiscard]] const SourceFile& file(std::uint32_t id) const { return files_.at(id); }
    [[nodiscard]] std::size_t size() const { return files_.size(); }
    // "file:line:col" of the start of `span`.
    [[nodiscard]] std::string location(Span span) const;

private:
    std::vector<SourceFile> files_;
};

} // namespace shootdown::lang
