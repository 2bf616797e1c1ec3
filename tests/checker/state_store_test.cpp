#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "checker/arena.hpp"
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
    const auto a = store.insert(make_state(7).data(), StateStore::kNoParent);
    const auto b = store.insert(make_state(9).data(), 0);
    const auto again = store.insert(make_state(7).data(), 1);

    CHECK((a.inserted && a.index == 0 && !a.full));
    CHECK((b.inserted && b.index == 1));
    CHECK((!again.inserted && again.index == 0 && !again.full));
    CHECK(store.size() == 2);
    CHECK(holds(store, 0, 7));
    CHECK(holds(store, 1, 9));
    // A duplicate does not overwrite the parent of the first discovery.
    CHECK(store.parent(0) == StateStore::kNoParent);
    CHECK(store.parent(1) == 0);

    std::uint32_t index = 99;
    CHECK(store.find(make_state(9).data(), index));
    CHECK(index == 1);
    CHECK_FALSE(store.find(make_state(8).data(), index));
}

TEST_CASE("StateStore keeps every state across many chunks and table growths", "[store]") {
    constexpr std::uint32_t kCount = 200'000;
    // Chunks of 1, 1, 2, 4, 8, then 8 states each: thousands of chunks.
    StateStore store(5, kCount, ArenaShape{1, 8});
    std::uint64_t last_bytes = store.bytes();
    for (std::uint32_t n = 0; n < kCount; ++n) {
        // Spread the numbers so neighbouring states share few bytes.
        const auto result = store.insert(make_state(n * 2654435761u).data(), n / 2);
        REQUIRE(result.inserted);
        REQUIRE(result.index == n);
        REQUIRE(store.bytes() >= last_bytes);
        last_bytes = store.bytes();
    }
    CHECK(store.size() == kCount);
    for (std::uint32_t n = 0; n < kCount; ++n) {
        REQUIRE(holds(store, n, n * 2654435761u));
        REQUIRE(store.parent(n) == n / 2);
        const auto again = store.insert(make_state(n * 2654435761u).data(), 0);
        REQUIRE_FALSE(again.inserted);
        REQUIRE(again.index == n);
    }
    CHECK(store.size() == kCount);
}

TEST_CASE("Arena places states in geometric then uniform chunks without overlap", "[store]") {
    const auto [first, cap] = GENERATE(table<std::uint32_t, std::uint32_t>(
        {{1, 1}, {1, 16}, {4, 64}, {64, 64}, {1024, 1u << 21}}));
    CAPTURE(first, cap);
    constexpr std::uint32_t kCount = 5000;
    Arena arena(3, kCount, ArenaShape{first, cap});
    for (std::uint32_t i = 0; i < kCount; ++i) {
        const std::array<std::byte, 3> bytes{std::byte(i), std::byte(i >> 8), std::byte(i % 7)};
        arena.put(i, bytes.data(), i ^ 0x5555u);
    }
    for (std::uint32_t i = 0; i < kCount; ++i) {
        const std::array<std::byte, 3> bytes{std::byte(i), std::byte(i >> 8), std::byte(i % 7)};
        REQUIRE(std::memcmp(arena.state(i), bytes.data(), 3) == 0);
        REQUIRE(arena.parent(i) == (i ^ 0x5555u));
    }
    // Chunks never hold more than twice the states stored (plus the first).
    CHECK(arena.bytes() <= 2 * kCount * (3 + 4) + first * 7 + 64 * 1024);
}

TEST_CASE("StateStore tells apart states whose stored hash bits collide", "[store]") {
    // Two 8-byte states (found by a search over XXH3) whose hashes agree in
    // the upper 32 bits, which include the bits a slot keeps, and in the lower
    // 12, which pick the first slot probed: only the full comparison
    // separates them.
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

    CHECK(store.insert(bytes_a.data(), StateStore::kNoParent).index == 0);
    const auto second = store.insert(bytes_b.data(), StateStore::kNoParent);
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
        REQUIRE(store.insert(make_state(n).data(), StateStore::kNoParent).inserted);
    }
    const auto full = store.insert(make_state(3).data(), 0);
    CHECK(full.full);
    CHECK_FALSE(full.inserted);
    CHECK(store.size() == 3);
    const auto known = store.insert(make_state(2).data(), 0);
    CHECK_FALSE(known.full);
    CHECK(known.index == 2);
}

TEST_CASE("StateStore accounts for the arena, the parents and the table", "[store]") {
    StateStore store(16);
    const std::uint64_t empty = store.bytes();
    CHECK(empty >= 4096 * sizeof(std::uint32_t)); // the initial table
    std::vector<std::byte> state(16);
    constexpr std::uint32_t kCount = 100'000;
    for (std::uint32_t n = 0; n < kCount; ++n) {
        std::memcpy(state.data(), &n, sizeof n);
        store.insert(state.data(), 0);
    }
    // Each state needs its bytes, a 4-byte parent and, at <= 70% load, more
    // than 4 / 0.7 bytes of table; chunks at most double what is stored.
    const std::uint64_t lower = kCount * (16 + 4) + kCount * 4 * 10 / 7;
    CHECK(store.bytes() >= lower);
    CHECK(store.bytes() <= 2 * lower + (std::uint64_t{1} << 20));
}

TEST_CASE("StateStore: threads inserting overlapping states store each once", "[store][threads]") {
    constexpr std::uint32_t kDistinct = 60'000;
    constexpr unsigned kThreads = 4;
    StateStore store(5);
    std::shared_mutex growth;
    std::atomic<int> refused{0};
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            // Every thread inserts every state, each in its own order.
            for (std::uint32_t i = 0; i < kDistinct; ++i) {
                const std::uint32_t n = (i * (2 * t + 1) + t * 977) % kDistinct;
                const auto state = make_state(n);
                for (;;) {
                    std::shared_lock<std::shared_mutex> shared(growth);
                    const auto result =
                        store.insert_shared(state.data(), store.hash(state.data()), n);
                    if (!result.crowded) {
                        if (result.full) ++refused; // Catch's macros are not thread-safe
                        break;
                    }
                    shared.unlock();
                    const std::unique_lock<std::shared_mutex> exclusive(growth);
                    store.grow();
                }
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    CHECK(refused == 0);
    REQUIRE(store.size() == kDistinct);
    std::set<std::uint32_t> seen;
    for (std::uint32_t index = 0; index < kDistinct; ++index) {
        std::uint32_t n = 0;
        std::memcpy(&n, store.state(index), sizeof n);
        REQUIRE(holds(store, index, n));
        REQUIRE(store.parent(index) == n);
        REQUIRE(seen.insert(n).second);
        std::uint32_t found = 0;
        REQUIRE(store.find(make_state(n).data(), found));
        REQUIRE(found == index);
    }
}

} // namespace
} // namespace shootdown::checker
