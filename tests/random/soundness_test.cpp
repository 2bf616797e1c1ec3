// Soundness of the search variants on random small models: every
// configuration in configurations() (configurations.cpp) must reach the verdict of the plain
// breadth-first search (1 thread) on every generated model, with the counts
// its reduction promises, and each counterexample must replay. The reference
// itself is checked against an independent explorer.
//
// Environment (see tests/random/README.md):
//   SHOOTDOWN_RANDOM_SEEDS=K  run seeds 0 .. K-1 (default 300)
//   SHOOTDOWN_RANDOM_FIRST=F  start at seed F instead of 0
//   SHOOTDOWN_RANDOM_SEED=S   run seed S only (debugging a failure)
//   SHOOTDOWN_RANDOM_VERBOSE=1  one line per seed: verdict, states, time
//   SHOOTDOWN_RANDOM_MAX_STATES=N  skip models with more states (default
//                             10000, at most 60000; the cost is in a few large ones)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include <catch2/catch.hpp>

#include "model/frontend.hpp"
#include "model/machine/machine.hpp"
#include "tests/random/configurations.hpp"
#include "tests/random/machine_checks.hpp"
#include "tests/random/memory_models.hpp"
#include "tests/random/soundness.hpp"

using namespace shootdown;
using namespace shootdown::random_models;

namespace {

std::uint64_t from_environment(const char* name, std::uint64_t fallback) {
    const char* text = std::getenv(name);
    return text == nullptr ? fallback : std::strtoull(text, nullptr, 10);
}

struct Tally {
    int violations = 0, passes = 0, too_large = 0, tso = 0, symmetric = 0;
    int shallow = 0;   // violations found within 2 steps
    int kinds[3] = {}; // invariant, step, deadlock
    std::uint64_t largest = 0, total_states = 0;
    std::string too_large_seeds;
    std::string last; // the reference's verdict on the latest seed
};

// Every problem with one seed: loading, the reference, each configuration.
std::vector<std::string> check_seed(const GeneratedModel& model,
                                    const std::vector<Configuration>& configs,
                                    std::uint64_t max_states, Tally& tally) {
    LoadResult loaded = load_model_text("random.sd", model.text, model.load_options());
    if (!loaded.program || !loaded.diagnostics.all().empty()) {
        return {"the model does not load cleanly:\n" +
                lang::render_all(*loaded.sources, loaded.diagnostics)};
    }
    const ir::Program& program = *loaded.program;
    checker::SearchOptions plain;
    plain.max_states = max_states;
    Run reference = run_search(std::make_unique<machine::Machine>(program), plain);
    if (reference.result.verdict == checker::Verdict::Incomplete) {
        ++tally.too_large; // a few are tolerated, see the test
        tally.last = "too large";
        tally.too_large_seeds += " " + std::to_string(model.seed);
        return {};
    }
    const machine::Machine inspected(program);
    SymmetryCheck cpu_symmetry(inspected, ""), id_symmetry(inspected, "id");
    auto inspect = [&](const std::byte* state, std::uint64_t index) {
        if (model.symmetric) {
            cpu_symmetry.add(state);
            id_symmetry.add(state);
        }
        // Sampled, to keep the ASan run short: the machine checks double the
        // successor computations, describe() is quadratic.
        if (index % 2 != 0) return std::optional<std::string>();
        return check_state_bytes(inspected, state, index % 32 == 0);
    };
    const OracleResult oracle = explore(inspected, max_states, inspect);
    std::vector<std::string> problems = compare_with_oracle(reference, oracle);
    // Only a complete exploration (no violation stopped it) has every state.
    const bool everything =
        oracle.complete && oracle.invariant_or_step == UINT32_MAX && oracle.deadlock == UINT32_MAX;
    if (model.symmetric && everything) {
        if (std::optional<std::string> p = cpu_symmetry.problem()) {
            problems.push_back("not symmetric in the CPUs: " + *p);
        }
        if (std::optional<std::string> p = id_symmetry.problem()) {
            problems.push_back("not symmetric in the scalarset: " + *p);
        }
    }
    if (model.seed % 4 == 0) { // four more searches: a sample is enough
        for (std::string& p : check_depth_bounds(inspected, reference)) {
            problems.push_back(std::move(p));
        }
    }
    if (model.seed % 2 == 0) { // one or two more searches: a sample is enough
        for (std::string& p : check_memory_models(model, reference, max_states)) {
            problems.push_back(std::move(p));
        }
    }
    if (reference.result.counterexample) {
        if (std::optional<std::string> p =
                check_trace(inspected, *reference.result.counterexample, model)) {
            problems.push_back("trace: " + *p);
        }
    }
    const bool violated = reference.result.verdict == checker::Verdict::Violation;
    tally.last = (violated ? "violation, " : "no violation, ") +
                 std::to_string(reference.result.stats.states) + " states";
    (violated ? tally.violations : tally.passes)++;
    if (violated) {
        const checker::Counterexample& c = *reference.result.counterexample;
        ++tally.kinds[static_cast<int>(c.kind)];
        if (c.path.steps.size() <= 2) ++tally.shallow;
    }
    tally.total_states += reference.result.stats.states;
    tally.tso += model.tso ? 1 : 0;
    tally.symmetric += model.symmetric ? 1 : 0;
    tally.largest = std::max(tally.largest, reference.result.stats.states);
    for (const Configuration& config : configs) {
        if (config.applies && !config.applies(model)) continue;
        try {
            for (std::string& p : compare(model, config, config.run(program), reference)) {
                problems.push_back(std::move(p));
            }
        } catch (const std::exception& e) { // and go on with the others
            problems.push_back(config.name + ": exception: " + e.what());
        }
    }
    return problems;
}

std::string report(const GeneratedModel& model, const std::vector<std::string>& problems) {
    std::ostringstream out;
    out << "seed " << model.seed << " (reproduce: SHOOTDOWN_RANDOM_SEED=" << model.seed
        << " build/tests/random/random_soundness_tests; the model: "
           "build/tests/random/generate_model "
        << model.seed << ")\n";
    for (const std::string& p : problems)
        out << "  " << p << "\n";
    out << model.text;
    return out.str();
}

} // namespace

TEST_CASE("search variants agree with plain BFS on random models", "[random]") {
    const std::uint64_t count = from_environment("SHOOTDOWN_RANDOM_SEEDS", 300);
    std::uint64_t first = from_environment("SHOOTDOWN_RANDOM_FIRST", 0);
    std::uint64_t end = first + count;
    const char* single = std::getenv("SHOOTDOWN_RANDOM_SEED");
    if (single != nullptr) {
        first = std::strtoull(single, nullptr, 10);
        end = first + 1;
    }
    const bool verbose = std::getenv("SHOOTDOWN_RANDOM_VERBOSE") != nullptr;
    const std::uint64_t max_states =
        std::min(kMaxStates, from_environment("SHOOTDOWN_RANDOM_MAX_STATES", 10000));
    const std::vector<Configuration> configs = configurations();
    Tally tally;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint64_t seed = first; seed < end; ++seed) {
        const GeneratedModel model = generate_model(seed);
        std::vector<std::string> problems;
        INFO("seed " << seed); // also when something below crashes
        try {
            problems = check_seed(model, configs, max_states, tally);
        } catch (const std::exception& e) { // the model or checker threw: report the seed
            problems.push_back(std::string("exception: ") + e.what());
        }
        if (!problems.empty()) FAIL_CHECK(report(model, problems));
        if (verbose) {
            const std::chrono::duration<double> so_far = std::chrono::steady_clock::now() - start;
            std::printf("seed %llu: %s, %.3f s\n", static_cast<unsigned long long>(seed),
                        tally.last.c_str(), so_far.count());
        }
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    WARN("random models: seeds " << first << ".." << end - 1 << ": " << tally.violations
                                 << " violated (" << tally.kinds[0] << " invariant, "
                                 << tally.kinds[1] << " step, " << tally.kinds[2] << " deadlock; "
                                 << tally.shallow << " within 2 steps), " << tally.passes
                                 << " passed, " << tally.too_large << " over " << max_states
                                 << " states (skipped:" << tally.too_large_seeds << "); "
                                 << tally.tso << " under TSO, " << tally.symmetric << " symmetric; "
                                 << tally.total_states << " states in all, largest "
                                 << tally.largest << "; " << took.count() << " s");
    // The generator must not degenerate: both verdicts, few oversized models.
    if (single == nullptr && count >= 50) {
        CHECK(tally.violations >= static_cast<int>(count / 5));
        CHECK(tally.passes >= static_cast<int>(count / 5));
        CHECK(tally.too_large <= static_cast<int>(count / 20));
    }
}
