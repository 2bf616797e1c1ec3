// Breadth-first search on several threads, level by level. The threads share
// the store (compare-and-swap on the table's slots, see state_store.hpp) and
// take batches of the current level from a shared cursor; states they store
// form the next level. At the end of a level they meet at a barrier.
//
// The states, transitions and depth are those of the one-thread search: each
// level is the same set of states, only their indices differ. A violation
// does not stop the threads at once: they finish the level, and LevelOrder
// picks the finding the one-thread search would have met first, with the
// one-thread search's path to it: the counterexample does not depend on the
// number of threads or on their timing.
#include <algorithm>
#include <array>
#include <atomic>
#include <barrier>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "checker/worker.hpp"

namespace shootdown::checker {

namespace {

class LevelSearch {
public:
    LevelSearch(const TransitionSystem& system, const SearchOptions& options, unsigned threads)
        : engine_(system, options, /*finish_level=*/true), barrier_(threads, Advance{this}) {
        for (unsigned t = 0; t < threads; ++t)
            workers_.push_back(std::make_unique<Worker<StateStore>>(engine_, &growth_, &order_));
    }

    SearchResult run();

private:
    // Runs on one thread once all have reached the barrier.
    struct Advance {
        LevelSearch* search;
        void operator()() noexcept { search->next_level(); }
    };

    void work(unsigned thread);
    void expand_level(unsigned thread);
    Flow check_limits(std::uint64_t next);
    void next_level() noexcept;
    void fail(std::exception_ptr error);
    [[nodiscard]] Tally total() const;

    Engine<StateStore> engine_;
    LevelOrder order_;         // makes the counterexample the one-thread search's
    std::shared_mutex growth_; // shared per batch, exclusive to grow the table
    std::vector<std::unique_ptr<Worker<StateStore>>> workers_;
    std::atomic<std::uint64_t> cursor_{0}; // next source of the current level
    std::uint64_t level_end_ = 0;          // the current level ends here
    std::uint32_t depth_ = 0;              // of the current level
    bool done_ = false;
    std::atomic<bool> failed_{false};
    std::mutex failure_;
    std::exception_ptr error_;
    std::barrier<Advance> barrier_;
};

SearchResult LevelSearch::run() {
    if (engine_.add_initial_states() == Flow::Continue) {
        level_end_ = engine_.store().size();
        order_.start(static_cast<std::uint32_t>(level_end_));
        std::vector<std::jthread> helpers;
        for (unsigned t = 1; t < workers_.size(); ++t)
            helpers.emplace_back([this, t] { work(t); });
        work(0);
        helpers.clear(); // joins
        if (error_) std::rethrow_exception(error_);
    }
    std::vector<Tally> tallies;
    for (const auto& worker : workers_)
        tallies.push_back(worker->tally());
    if (!order_.settled()) return engine_.finish(tallies); // stopped mid-level
    return engine_.finish(tallies,
                          [this](const Finding& finding) { return order_.sooner(finding); });
}

void LevelSearch::work(unsigned thread) {
    for (;;) {
        try {
            expand_level(thread);
        } catch (...) {
            fail(std::current_exception()); // still meet the others at the barrier
        }
        barrier_.arrive_and_wait();
        if (done_) return;
    }
}

void LevelSearch::expand_level(unsigned thread) {
    Worker<StateStore>& worker = *workers_[thread];
    std::array<Source, Worker<StateStore>::kBatch> batch{};
    while (!engine_.stopped() && !failed_.load(std::memory_order_relaxed)) {
        const std::uint64_t first =
            cursor_.fetch_add(Worker<StateStore>::kBatch, std::memory_order_relaxed);
        if (first >= level_end_) return;
        // The engine's pacing and progress belong to one thread.
        if (thread == 0 && check_limits(first) == Flow::Stop) return;
        const std::uint64_t end =
            std::min<std::uint64_t>(first + Worker<StateStore>::kBatch, level_end_);
        std::size_t count = 0;
        for (std::uint64_t index = first; index < end; ++index)
            batch[count++] = {static_cast<std::uint32_t>(index), depth_};
        if (worker.expand({batch.data(), count}, level_end_) == Flow::Stop) return;
    }
}

Flow LevelSearch::check_limits(std::uint64_t next) {
    const std::shared_lock<std::shared_mutex> lock(growth_); // the table's size is stable
    return engine_.check_limits(engine_.store().size() - next, 0, total());
}

void LevelSearch::next_level() noexcept {
    const std::uint64_t stored = engine_.store().size();
    if (engine_.stopped() || failed_) { // cut short: no finding to order
        done_ = true;
        return;
    }
    try {
        order_.settle(engine_.store(), static_cast<std::uint32_t>(stored));
    } catch (const std::bad_alloc&) {
        engine_.stop(Limit::OutOfMemory);
        done_ = true;
        return;
    }
    if (engine_.found_violation() || stored == level_end_) {
        done_ = true;
        return;
    }
    order_.advance();
    cursor_.store(level_end_, std::memory_order_relaxed);
    level_end_ = stored;
    ++depth_;
}

void LevelSearch::fail(std::exception_ptr error) {
    const std::lock_guard<std::mutex> lock(failure_);
    if (!error_) error_ = std::move(error);
    failed_ = true;
}

Tally LevelSearch::total() const {
    Tally sum;
    for (const auto& worker : workers_) {
        const Tally tally = worker->tally();
        sum.transitions += tally.transitions;
        sum.depth = std::max(sum.depth, tally.depth);
    }
    return sum;
}

} // namespace

SearchResult parallel_breadth_first_search(const TransitionSystem& system,
                                           const SearchOptions& options, unsigned threads) {
    LevelSearch search(system, options, threads);
    return search.run();
}

} // namespace shootdown::checker
