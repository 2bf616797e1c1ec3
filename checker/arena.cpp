#include "checker/arena.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace shootdown::checker {

namespace {

// A directory this long is small, yet even 2^32 states fit with chunks of
// 2^16 states.
constexpr std::uint64_t kMaxDirectory = std::uint64_t{1} << 16;

unsigned log2_of(std::uint32_t power_of_two) {
    return static_cast<unsigned>(std::bit_width(power_of_two) - 1);
}

} // namespace

Arena::Arena(std::size_t packed_bytes, std::uint64_t max_states, ArenaShape shape)
    : packed_bytes_(packed_bytes) {
    const std::uint32_t first = std::bit_floor(std::max(shape.first_chunk_states, 1u));
    std::uint32_t cap = std::bit_floor(std::max(shape.max_chunk_states, first));
    // Keep the directory small whatever the caller asks for.
    while (max_states / cap >= kMaxDirectory)
        cap *= 2;
    first_shift_ = log2_of(first);
    max_shift_ = log2_of(cap);
    max_chunk_states_ = cap;
    geometric_chunks_ = max_shift_ - first_shift_ + 1;
    const auto last = static_cast<std::uint32_t>(std::max<std::uint64_t>(max_states, 1) - 1);
    directory_size_ = locate(last).chunk + 1;
    states_ = std::make_unique<std::atomic<std::byte*>[]>(directory_size_);
    parents_ = std::make_unique<std::atomic<std::uint32_t*>[]>(directory_size_);
    bytes_ = std::uint64_t{directory_size_} * (sizeof(std::byte*) + sizeof(std::uint32_t*));
}

std::uint32_t Arena::chunk_states(std::uint32_t chunk) const {
    if (chunk == 0) return std::uint32_t{1} << first_shift_;
    if (chunk >= geometric_chunks_) return max_chunk_states_;
    return std::uint32_t{1} << (first_shift_ + chunk - 1);
}

std::byte* Arena::allocate(std::uint32_t chunk) {
    const std::lock_guard<std::mutex> lock(allocation_);
    if (std::byte* states = states_[chunk].load(std::memory_order_acquire)) return states;
    const std::size_t count = chunk_states(chunk);
    MemoryBlock states(count * packed_bytes_);
    MemoryBlock parents(count * sizeof(std::uint32_t));
    bytes_.fetch_add(states.bytes() + parents.bytes(), std::memory_order_relaxed);
    std::byte* data = states.data();
    auto* links = reinterpret_cast<std::uint32_t*>(parents.data());
    blocks_.push_back(std::move(states)); // moving keeps the memory where it is
    blocks_.push_back(std::move(parents));
    parents_[chunk].store(links, std::memory_order_relaxed);
    states_[chunk].store(data, std::memory_order_release);
    return data;
}

} // namespace shootdown::checker
