#include "checker/trace_log.hpp"

#include <stdexcept>

#include <stdio.h> // fseeko: 64-bit offsets

namespace shootdown::checker {

namespace {

constexpr std::size_t kBufferEntries = std::size_t{1} << 14;

} // namespace

TraceLog::TraceLog() : file_(std::tmpfile()) {
    if (!file_) throw std::runtime_error("cannot create a temporary file for the trace log");
    buffer_.reserve(kBufferEntries);
}

std::uint32_t TraceLog::append(Entry entry) {
    const auto number = static_cast<std::uint32_t>(size());
    buffer_.push_back(entry);
    if (buffer_.size() == kBufferEntries) flush();
    return number;
}

void TraceLog::flush() {
    if (buffer_.empty()) return;
    if (std::fseek(file_.get(), 0, SEEK_END) != 0 ||
        std::fwrite(buffer_.data(), sizeof(Entry), buffer_.size(), file_.get()) != buffer_.size()) {
        throw std::runtime_error("cannot write the trace log (disk full?)");
    }
    written_ += buffer_.size();
    buffer_.clear();
}

TraceLog::Entry TraceLog::read(std::uint32_t number) {
    flush();
    Entry entry{};
    if (fseeko(file_.get(), static_cast<off_t>(number) * static_cast<off_t>(sizeof(Entry)),
               SEEK_SET) != 0 ||
        std::fread(&entry, sizeof entry, 1, file_.get()) != 1) {
        throw std::runtime_error("cannot read the trace log back");
    }
    return entry;
}

} // namespace shootdown::checker
