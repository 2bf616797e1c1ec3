#include "tests/random/memory_models.hpp"

#include "model/frontend.hpp"
#include "model/machine/machine.hpp"

namespace shootdown::random_models {

namespace {

// 0: SC, n: TSO with a store buffer of n entries.
std::string level_name(std::uint32_t level) {
    return level == 0 ? "SC" : "TSO/" + std::to_string(level);
}

// The search under `level` (Incomplete if it cannot be had cheaply).
checker::SearchResult search_under(const GeneratedModel& model, std::uint32_t level,
                                   std::uint64_t max_states) {
    LoadOptions options = model.load_options();
    options.memory = level == 0 ? ir::MemoryModel::SC : ir::MemoryModel::TSO;
    options.store_buffer = level == 0 ? 1 : level;
    LoadResult loaded = load_model_text("random.sd", model.text, options);
    if (!loaded.program) {
        checker::SearchResult nothing;
        nothing.verdict = checker::Verdict::Incomplete;
        return nothing;
    }
    checker::SearchOptions search;
    search.max_states = max_states;
    return run_search(std::make_unique<machine::Machine>(*loaded.program), search).result;
}

// An invariant or assertion violation: reachable under every weaker model.
// Not a deadlock: SC drops fence-only loops that are steps under TSO (seed
// 10094), and a fuller store buffer unblocks atomic blocks.
bool carries_over(const checker::SearchResult& r) {
    return r.verdict == checker::Verdict::Violation &&
           r.counterexample->kind != checker::ViolationKind::Deadlock;
}

} // namespace

std::vector<std::string> check_memory_models(const GeneratedModel& model, const Run& reference,
                                             std::uint64_t max_states) {
    std::vector<std::string> problems;
    const std::uint32_t level = model.tso ? model.store_buffer : 0;
    auto compare = [&](std::uint32_t other) {
        const checker::SearchResult r = search_under(model, other, max_states);
        if (r.verdict == checker::Verdict::Incomplete) return;
        // The weaker of the two must violate whenever the stronger does.
        const checker::SearchResult& weaker = other > level ? r : reference.result;
        const checker::SearchResult& stronger = other > level ? reference.result : r;
        if (carries_over(stronger) && weaker.verdict != checker::Verdict::Violation) {
            problems.push_back("memory models: " + level_name(std::min(level, other)) +
                               " finds a violation, " + level_name(std::max(level, other)) +
                               " (which allows more) does not");
        }
    };
    if (level > 0) compare(level - 1);
    if (level < 3) compare(level + 1);
    return problems;
}

} // namespace shootdown::random_models
