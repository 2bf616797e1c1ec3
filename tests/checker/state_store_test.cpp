#include <array>
#include <cstdint>
#include <cstring>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/state_store.hpp"

namespace shootdown::checker {
namespace {

// A 5-byte state (an odd size, so states straddle words) made from a number.
std::array<std::byte, 5> make_state(std::uint32_t n) {
    std::array<std::byte, 5> state{};
    std::memcpy(state.data(), &n, sizeof n);
    state[4] = std::byte(n % 251);
    return state;
}

bool holds(const StateStore& store, std::uint32_t index, std::uint32_t n) {
    return std::memcmp(store.state(index), make_state(n).data(), 5) == 0;
}

TEST_CASE("StateStore assigns indices in discovery order and finds duplicates", "[store]") {
    StateStore store(5);
    const auto a = store.insert(make_state(7).data(), {StateStore::kNoParent, 0});
    const auto b = store.insert(make_state(9).data(), {0, 3});
    const auto again = store.insert(make_state(7).data(), {1, 5});

    CHECK((a.inserted && a.index == 0 && !a.full));
    CHECK((b.inserted && b.index == 1));
    CHECK((!again.inserted && again.index == 0 && !again.full));
    CHECK(store.size() == 2);
    CHECK(holds(store, 0, 7));
    CHECK(holds(store, 1, 9));
    // A duplicate does not overwrite the link of the first discovery.
    CHECK(store.link(0).parent == StateStore::kNoParent);
    CHECK(store.link(0).ordinal == 0);
    CHECK(store.link(1).parent == 0);
    CHECK(store.link(1).ordinal == 3);

    std::uint32_t index = 99;
    CHECK(store.find(make_state(9).data(), index));
    CHECK(index == 1);
    CHECK_FALSE(store.find(make_state(8).data(), index));
}

TEST_CASE("StateStore keeps every state across many chunks and table growths", "[store]") {
    // 64-byte chunks hold 8 states of 5 bytes each: thousands of chunks.
    StateStore store(5, StateStore::kMaxStates, 64);
    constexpr std::uint32_t kCount = 200'000;
    std::uint64_t last_bytes = store.bytes();
    for (std::uint32_t n = 0; n < kCount; ++n) {
        // Spread the numbers so neighbouring states share few bytes.
        const auto result = store.insert(make_state(n * 2654435761u).data(), {n / 2, n % 7});
        REQUIRE(result.inserted);
        REQUIRE(result.index == n);
        REQUIRE(store.bytes() >= last_bytes);
        last_bytes = store.bytes();
    }
    CHECK(store.size() == kCount);
    for (std::uint32_t n = 0; n < kCount; ++n) {
        REQUIRE(holds(store, n, n * 2654435761u));
        REQUIRE(store.link(n).parent == n / 2);
        REQUIRE(store.link(n).ordinal == n % 7);
        const auto again = store.insert(make_state(n * 2654435761u).data(), {0, 0});
        REQUIRE_FALSE(again.inserted);
        REQUIRE(again.index == n);
    }
    CHECK(store.size() == kCount);
}

TEST_CASE("StateStore tells apart states whose stored hash bits collide", "[store]") {
    // Two 8-byte states (found by a search over XXH3) whose hashes agree in
    // the upper 32 bits, which a slot keeps, and in the lower 12, which pick
    // the first slot probed: only the full comparison separates them.
    const std::uint64_t a = 94726;
    const std::uint64_t b = 5331087;
    std::array<std::byte, 8> bytes_a{};
    std::array<std::byte, 8> bytes_b{};
    std::memcpy(bytes_a.data(), &a, 8);
    std::memcpy(bytes_b.data(), &b, 8);
    StateStore store(8);
    const std::uint64_t hash_a = store.hash(bytes_a.data());
    const std::uint64_t hash_b = store.hash(bytes_b.data());
    REQUIRE(hash_a >> 32 == hash_b >> 32);
    REQUIRE(hash_a % 4096 == hash_b % 4096);

    CHECK(store.insert(bytes_a.data(), {StateStore::kNoParent, 0}).index == 0);
    const auto second = store.insert(bytes_b.data(), {StateStore::kNoParent, 1});
    CHECK(second.inserted);
    CHECK(second.index == 1);
    std::uint32_t index = 99;
    CHECK(store.find(bytes_b.data(), index));
    CHECK(index == 1);
    CHECK(store.find(bytes_a.data(), index));
    CHECK(index == 0);
}

TEST_CASE("StateStore refuses new states beyond its limit but still finds old ones", "[store]") {
    StateStore store(5, 3);
    for (std::uint32_t n = 0; n < 3; ++n) {
        REQUIRE(store.insert(make_state(n).data(), {StateStore::kNoParent, n}).inserted);
    }
    const auto full = store.insert(make_state(3).data(), {0, 0});
    CHECK(full.full);
    CHECK_FALSE(full.inserted);
    CHECK(store.size() == 3);
    const auto known = store.insert(make_state(2).data(), {0, 0});
    CHECK_FALSE(known.full);
    CHECK(known.index == 2);
}

TEST_CASE("StateStore accounts for the arena, the links and the table", "[store]") {
    StateStore store(16);
    const std::uint64_t empty = store.bytes();
    CHECK(empty >= 1024 * sizeof(std::uint64_t)); // the initial table
    std::vector<std::byte> state(16);
    constexpr std::uint32_t kCount = 100'000;
    for (std::uint32_t n = 0; n < kCount; ++n) {
        std::memcpy(state.data(), &n, sizeof n);
        store.insert(state.data(), {0, 0});
    }
    // Each state needs its bytes, an 8-byte link and, at <= 70% load, more
    // than 8 / 0.7 bytes of table; chunking wastes at most one chunk.
    const std::uint64_t lower = kCount * (16 + 8) + kCount * 8 * 10 / 7;
    CHECK(store.bytes() >= lower);
    CHECK(store.bytes() <= 2 * lower + 2 * StateStore::kDefaultChunkBytes);
}

} // namespace
} // namespace shootdown::checker
