// StateObserver: every search gives each of its threads an observer of its
// own, shows it every state it stores exactly once, and destroys it before
// the search returns, so a system's per-thread totals add up to the count.
#include <atomic>

#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "tests/checker/synthetic_systems.hpp"

namespace shootdown::checker {
namespace {

// Counts the states each observer sees and what the observers hand back.
class CountingSystem final : public testing::CounterSystem {
public:
    using CounterSystem::CounterSystem;

    struct Observer final : StateObserver {
        explicit Observer(const CountingSystem& s) : system(s) { ++system.made; }
        Observer(const Observer&) = delete;
        Observer& operator=(const Observer&) = delete;
        ~Observer() override { system.handed_back += seen; }
        const CountingSystem& system;
        std::uint64_t seen = 0;
    };

    [[nodiscard]] PropertyId check_observed(const std::byte* state,
                                            StateObserver* observer) const override {
        if (observer == nullptr) // no Catch assertions in worker threads
            ++unobserved;
        else
            ++static_cast<Observer*>(observer)->seen;
        return check_state(state);
    }
    [[nodiscard]] std::unique_ptr<StateObserver> make_observer() const override {
        return std::make_unique<Observer>(*this);
    }

    mutable std::atomic<std::uint64_t> made{0}, handed_back{0}, unobserved{0};
};

} // namespace

TEST_CASE("Observers: each search thread's, every stored state once", "[search][observer]") {
    struct Case {
        Strategy strategy;
        unsigned threads;
        StoreKind store;
    };
    for (Case c :
         {Case{Strategy::Bfs, 1, StoreKind::Exact}, Case{Strategy::Bfs, 2, StoreKind::Exact},
          Case{Strategy::Dfs, 1, StoreKind::Exact},
          Case{Strategy::Bfs, 1, StoreKind::HashCompact}}) {
        CountingSystem system(3, 4);
        SearchOptions options;
        options.strategy = c.strategy;
        options.threads = c.threads;
        options.store = c.store;
        const SearchResult r = search(system, options);
        CAPTURE(c.threads, static_cast<int>(c.strategy), static_cast<int>(c.store));
        REQUIRE(r.stats.states == system.expected_states());
        CHECK(system.handed_back == system.expected_states());
        CHECK(system.unobserved == 0);
        CHECK(system.made >= 1);
        CHECK(system.made <= c.threads + 1); // one per worker, one for the initial states
    }
}

} // namespace shootdown::checker
