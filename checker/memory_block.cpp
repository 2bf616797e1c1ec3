#include "checker/memory_block.hpp"

#include <cstdlib>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace shootdown::checker {

MemoryBlock::MemoryBlock(std::size_t bytes) {
    if (bytes == 0) return;
    if (bytes < kHugePage) {
        data_ = static_cast<std::byte*>(std::calloc(bytes, 1));
        if (data_ == nullptr) throw std::bad_alloc();
        bytes_ = bytes;
        return;
    }
    bytes_ = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* mapping =
        mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) throw std::bad_alloc();
    // Only a hint: without huge pages the block still works.
    madvise(mapping, bytes_, MADV_HUGEPAGE);
    data_ = static_cast<std::byte*>(mapping);
    mapped_ = true;
}

MemoryBlock::MemoryBlock(MemoryBlock&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), bytes_(std::exchange(other.bytes_, 0)),
      mapped_(std::exchange(other.mapped_, false)) {}

MemoryBlock& MemoryBlock::operator=(MemoryBlock&& other) noexcept {
    if (this != &other) {
        release();
        data_ = std::exchange(other.data_, nullptr);
        bytes_ = std::exchange(other.bytes_, 0);
        mapped_ = std::exchange(other.mapped_, false);
    }
    return *this;
}

MemoryBlock::~MemoryBlock() {
    release();
}

void MemoryBlock::release() noexcept {
    if (data_ == nullptr) return;
    if (mapped_)
        munmap(data_, bytes_);
    else
        std::free(data_);
    data_ = nullptr;
    bytes_ = 0;
}

} // namespace shootdown::checker
