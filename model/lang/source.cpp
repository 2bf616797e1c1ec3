#include "model/lang/source.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace shootdown::lang {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::uint32_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
}

LineCol SourceFile::position(std::uint32_t offset) const {
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
    return {line, offset - line_starts_[line - 1] + 1};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    std::uint32_t begin = line_starts_[line - 1];
    std::uint32_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
    std::string_view view(text_);
    view = view.substr(begin, end - begin);
    while (!view.empty() && (view.back() == '\n' || view.back() == '\r'))
        view.remove_suffix(1);
    return view;
}

std::uint32_t SourceManager::add(std::string path, std::string text) {
    files_.emplace_back(std::move(path), std::move(text));
    return static_cast<std::uint32_t>(files_.size() - 1);
}

std::string SourceManager::location(Span span) const {
    const SourceFile& f = file(span.file);
    LineCol pos = f.position(span.begin);
    return fmt::format("{}:{}:{}", f.path(), pos.line, pos.column);
}

} // namespace shootdown::lang
