#include "tests/random/memory_models.hpp"

#include "model/frontend.hpp"
#include "model/machine/machine.hpp"

namespace shootdown::random_models {

namespace {

// 0: SC, n: TSO with a store buffer of n entries.
std::string level_name(std::uint32_t level) {
    return level == 0 ? "SC" : "TSO/" + std::to_string(level);
}

// The verdict under `level`, or Incomplete if it cannot be had cheaply.
checker::Verdict verdict_under(const GeneratedModel& model, std::uint32_t level,
                               std::uint64_t max_states) {
    LoadOptions options = model.load_options();
    options.memory = level == 0 ? ir::MemoryModel::SC : ir::MemoryModel::TSO;
    options.store_buffer = level == 0 ? 1 : level;
    LoadResult loaded = load_model_text("random.sd", model.text, options);
    if (!loaded.program) return checker::Verdict::Incomplete;
    checker::SearchOptions search;
    search.max_states = max_states;
    return run_search(std::make_unique<machine::Machine>(*loaded.program), search).result.verdict;
}

} // namespace

std::vector<std::string> check_memory_models(const GeneratedModel& model, const Run& reference,
                                             std::uint64_t max_states) {
    std::vector<std::string> problems;
    if (model.atomic_may_stall) return problems; // TSO cannot run some atomic block
    const std::uint32_t level = model.tso ? model.store_buffer : 0;
    const bool violated = reference.result.verdict == checker::Verdict::Violation;
    auto compare = [&](std::uint32_t other) {
        const checker::Verdict v = verdict_under(model, other, max_states);
        if (v == checker::Verdict::Incomplete) return;
        const bool other_violated = v == checker::Verdict::Violation;
        // The weaker of the two must violate whenever the stronger does.
        const bool weaker_violated = other > level ? other_violated : violated;
        const bool stronger_violated = other > level ? violated : other_violated;
        if (stronger_violated && !weaker_violated) {
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
