// examples/litmus: every test gives the result its header states, the
// `Result:` line under x86-TSO and the `SC:` line under SC; and TSO is
// exactly TSO: it allows store buffering (SB, R and their forwarding
// variants) and nothing else.
#include <catch2/catch.hpp>

#include "litmus/report.hpp"
#include "tests/litmus/litmus_helpers.hpp"

namespace shootdown::litmus {
namespace {

using testing::files_in;
using testing::header_word;
using testing::read_text;
using testing::run_ok;

const testing::fs::path kExamples = SHOOTDOWN_LITMUS_EXAMPLES;

TEST_CASE("examples/litmus: Result: holds under TSO, SC: under SC", "[litmus][examples]") {
    const auto files = files_in(kExamples, ".litmus");
    REQUIRE(files.size() >= 20);
    for (const auto& file : files) {
        CAPTURE(file.filename().string());
        const std::string text = read_text(file);
        const std::string sc = header_word(text, "SC");
        REQUIRE_FALSE(sc.empty());

        LitmusRun tso = run_ok(file, ir::MemoryModel::TSO);
        const Expectation e = compare_with_result_line(*tso.test, *tso.outcome);
        CAPTURE(e.expected, e.observed);
        CHECK(e.status == Expectation::Status::Matches);

        LitmusRun under_sc = run_ok(file, ir::MemoryModel::SC);
        CHECK(result_word(*under_sc.outcome) == sc);
    }
}

TEST_CASE("TSO allows exactly the store-buffering shapes", "[litmus][examples]") {
    const auto [name, allowed_under_tso] = GENERATE(table<const char*, bool>({
        {"SB", true},
        {"SB+fwd", true},
        {"SB+mb+po", true},
        {"R", true},
        {"R+fwd", true},
        {"SB+mbs", false},
        {"SB+inc-returns", false},
        {"SB+cmpxchg-fails", false},
        {"R+mbs", false},
        {"MP", false},
        {"MP+wmb+rmb", false},
        {"LB", false},
        {"IRIW", false},
        {"WRC", false},
        {"S", false},
        {"2+2W", false},
        {"CoRR", false},
        {"CoWR", false},
    }));
    CAPTURE(name);
    const auto file = kExamples / (std::string(name) + ".litmus");
    CHECK(allowed(*run_ok(file, ir::MemoryModel::TSO).outcome) == allowed_under_tso);
    CHECK_FALSE(allowed(*run_ok(file, ir::MemoryModel::SC).outcome));
}

TEST_CASE("SB's final states: all four under TSO, three under SC", "[litmus][examples]") {
    const auto file = kExamples / "SB.litmus";
    const Outcome tso = *run_ok(file, ir::MemoryModel::TSO).outcome;
    REQUIRE(tso.shown.size() == 2);
    CHECK(tso.shown[0].text() == "0:r0");
    CHECK(tso.shown[1].text() == "1:r0");
    REQUIRE(tso.states.size() == 4);
    const std::vector<std::vector<std::int64_t>> all{{0, 0}, {0, 1}, {1, 0}, {1, 1}};
    for (std::size_t i = 0; i < 4; ++i) {
        CHECK(tso.states[i].values == all[i]);
        CHECK(tso.states[i].count == 1);
        CHECK(tso.states[i].satisfies == (i == 0));
    }
    CHECK(tso.positive == 1);
    CHECK(tso.negative == 3);

    const Outcome sc = *run_ok(file, ir::MemoryModel::SC).outcome;
    REQUIRE(sc.states.size() == 3);
    CHECK(sc.states[0].values == all[1]);
    CHECK(observe(sc) == Observation::Never);
}

// Registers are ghosts written in the step of their access: SB under SC is
// then 2 steps per thread, and its states can be counted by hand. A 3x3
// grid of progress pairs; where a thread has loaded, the value it loaded
// splits the state: 1+1+1 + 1+1+1 + 2+2 + 3 = 13.
TEST_CASE("Registers add no steps: SB under SC has the hand-counted 13 states",
          "[litmus][examples]") {
    const Outcome sc = *run_ok(kExamples / "SB.litmus", ir::MemoryModel::SC).outcome;
    CHECK(sc.stats.states == 13);
    CHECK(sc.stats.depth == 4);
}

} // namespace
} // namespace shootdown::litmus
