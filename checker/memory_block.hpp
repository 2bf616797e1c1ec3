// Zeroed memory for the store's big arrays. Small blocks come from the heap;
// blocks of 2 MiB or more are mapped directly, rounded up to whole 2 MiB
// pages and marked for transparent huge pages: the visited set's random
// accesses then miss the TLB far less often. Untouched pages of a mapping
// cost no physical memory.
#pragma once

#include <cstddef>

namespace shootdown::checker {

class MemoryBlock {
public:
    static constexpr std::size_t kHugePage = std::size_t{2} << 20;

    MemoryBlock() = default;
    // Throws std::bad_alloc if the memory cannot be had.
    explicit MemoryBlock(std::size_t bytes);
    MemoryBlock(MemoryBlock&& other) noexcept;
    MemoryBlock& operator=(MemoryBlock&& other) noexcept;
    MemoryBlock(const MemoryBlock&) = delete;
    MemoryBlock& operator=(const MemoryBlock&) = delete;
    ~MemoryBlock();

    [[nodiscard]] std::byte* data() const { return data_; }
    // The bytes reserved, which may exceed those asked for.
    [[nodiscard]] std::size_t bytes() const { return bytes_; }

private:
    void release() noexcept;

    std::byte* data_ = nullptr;
    std::size_t bytes_ = 0;
    bool mapped_ = false;
};

} // namespace shootdown::checker
