// How each state of a lossy search was reached, kept on disk (an unlinked
// temporary file, as TLC keeps its trace file) so that RAM stays for the
// visited set: per state its parent's number and the ordinal of the step
// from it. Only a counterexample reads it back.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

namespace shootdown::checker {

class TraceLog {
public:
    static constexpr std::uint32_t kNoParent = 0xffffffffu;

    struct Entry {
        std::uint32_t parent;  // kNoParent for an initial state
        std::uint32_t ordinal; // of the step from the parent (or the initial state)
    };

    // Throws std::runtime_error if no temporary file can be created.
    TraceLog();

    // Records the next state; returns its number (0, 1, ...).
    std::uint32_t append(Entry entry);
    // Throws std::runtime_error if the file cannot be read back.
    Entry read(std::uint32_t number);
    [[nodiscard]] std::uint64_t size() const { return written_ + buffer_.size(); }

private:
    void flush();

    struct Closer {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    std::unique_ptr<std::FILE, Closer> file_;
    std::vector<Entry> buffer_;
    std::uint64_t written_ = 0;
};

} // namespace shootdown::checker
