// The step semantics on small models with known, hand-counted state spaces:
// what is one step, what is merged into a step, what blocks.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/frontend.hpp"
#include "model/machine/machine.hpp"

using namespace shootdown;

namespace {

struct Run {
    checker::SearchResult result;
    std::string property;
};

Run check(const std::string& text, ir::MemoryModel memory = ir::MemoryModel::SC) {
    LoadOptions o;
    o.memory = memory;
    LoadResult r = load_model_text("test.sd", text, o);
    INFO(lang::render_all(*r.sources, r.diagnostics));
    REQUIRE(r.program);
    machine::Machine m(*r.program);
    Run run{checker::search(m, {}), ""};
    if (run.result.counterexample)
        run.property = m.property_name(run.result.counterexample->property);
    return run;
}

const char* kOneCpu = "type cpu = cpus(1);\n";
const char* kTwoCpus = "type cpu = cpus(2);\n";

} // namespace

TEST_CASE("each memory access is a step of its own", "[machine]") {
    // x = y is a load and a store: initial, after the load, after the store.
    Run r = check(std::string(kOneCpu) + "shared int<0..1> x; shared int<0..1> y = 1;\n"
                                         "process { x = y; }\n");
    CHECK(r.result.verdict == checker::Verdict::NoViolation);
    CHECK(r.result.stats.states == 3);
    CHECK(r.result.stats.transitions == 2);
}

TEST_CASE("an atomic block is one step", "[machine]") {
    Run r = check(std::string(kOneCpu) + "shared int<0..1> x; shared int<0..1> y = 1;\n"
                                         "process { atomic { x = y; y = 0; } }\n");
    CHECK(r.result.stats.states == 2);
}

TEST_CASE("ghost and local computation merge into the neighbouring step", "[machine]") {
    Run r = check(std::string(kOneCpu) + "shared bool x; ghost int<0..3> g;\n"
                                         "process { int<0..3> t = 2; g = t; x = true; g = 3; }\n");
    CHECK(r.result.stats.states == 2);
}

TEST_CASE("interleavings of two CPUs are all explored", "[machine]") {
    // Two CPUs, each with two independent stores: C(4,2) = 6 orders, 9 states.
    Run r = check(std::string(kTwoCpus) + "shared per_cpu bool a; shared per_cpu bool b;\n"
                                          "process { a = true; b = true; }\n");
    CHECK(r.result.stats.states == 9);
    CHECK(r.result.stats.transitions == 12);
}

TEST_CASE("await blocks, and a blocked CPU that cannot finish is a deadlock", "[machine]") {
    Run r = check(std::string(kOneCpu) + "shared bool go;\nprocess { await go; }\n");
    REQUIRE(r.result.verdict == checker::Verdict::Violation);
    CHECK(r.result.counterexample->kind == checker::ViolationKind::Deadlock);
}

TEST_CASE("either and choose offer every branch", "[machine]") {
    Run r = check(std::string(kOneCpu) + "enum e { A, B, C };\nshared e x = A;\n"
                                         "process { choose v in e where v != A { x = v; } }\n");
    CHECK(r.result.stats.states == 3); // x = A (start), x = B, x = C
}

TEST_CASE("an invariant is checked in every state and a trace is shortest", "[machine]") {
    Run r = check(std::string(kTwoCpus) + "shared int<0..2> n;\n"
                                          "invariant at_most_one: n <= 1;\n"
                                          "process { atomic { n = n + 1; } }\n");
    REQUIRE(r.result.verdict == checker::Verdict::Violation);
    CHECK(r.property == "invariant at_most_one");
    CHECK(r.result.counterexample->path.steps.size() == 2);
}

TEST_CASE("an assignment out of the declared range is a violation", "[machine]") {
    Run r = check(std::string(kOneCpu) +
                  "shared int<0..1> n = 1;\nprocess { atomic { n = n + 1; } }\n");
    REQUIRE(r.result.verdict == checker::Verdict::Violation);
    CHECK(r.property == "value in range");
}

TEST_CASE("a hardware action that changes nothing is not a step", "[machine]") {
    Run r = check(std::string(kOneCpu) +
                  "hw bool seen;\nhardware look() { seen = true; }\nprocess { }\n");
    CHECK(r.result.stats.states == 2);      // the empty process has halted; then seen = true
    CHECK(r.result.stats.transitions == 1); // a second look changes nothing
}

TEST_CASE("an IPI with wait returns only after the handler ran", "[machine]") {
    Run r =
        check(std::string(kTwoCpus) +
              "shared bool done;\nirq handler() { done = true; }\n"
              "process { if (this_cpu == 0) { smp_call_function_many(cpu_all_mask, handler, true);"
              " assert done, \"handler finished\"; } }\n");
    CHECK(r.result.verdict == checker::Verdict::NoViolation);
}

TEST_CASE("without wait the sender may go on before the handler ran", "[machine]") {
    Run r =
        check(std::string(kTwoCpus) +
              "shared bool done;\nirq handler() { done = true; }\n"
              "process { if (this_cpu == 0) { smp_call_function_many(cpu_all_mask, handler, false);"
              " assert done, \"handler finished\"; } }\n");
    REQUIRE(r.result.verdict == checker::Verdict::Violation);
    CHECK(r.property == "handler finished");
}

TEST_CASE("interrupts are not taken while disabled", "[machine]") {
    Run r = check(
        std::string(kTwoCpus) +
        "shared bool done; shared bool inside;\nirq handler() { assert !inside, \"irqs off\"; done "
        "= true; }\n"
        "process { if (this_cpu == 0) { smp_call_function_many(cpu_all_mask, handler, true); }"
        " else { local_irq_disable(); inside = true; inside = false; local_irq_enable(); } }\n");
    CHECK(r.result.verdict == checker::Verdict::NoViolation);
}

TEST_CASE("TSO lets a load pass an earlier buffered store; SC does not", "[machine][tso]") {
    // Store buffering (SB): both loads may read 0 only under TSO.
    std::string model =
        std::string(kTwoCpus) +
        "shared per_cpu bool flag; ghost per_cpu bool other; ghost int<0..2> finished;\n"
        "invariant sb_forbidden: !(finished == 2 && !other[0] && !other[1]);\n"
        "process { flag = true; other = this_cpu == 0 ? flag[1] : flag[0]; finished++; }\n";
    CHECK(check(model, ir::MemoryModel::SC).result.verdict == checker::Verdict::NoViolation);
    Run tso = check(model, ir::MemoryModel::TSO);
    REQUIRE(tso.result.verdict == checker::Verdict::Violation);
    CHECK(tso.property == "invariant sb_forbidden");
    std::string fenced =
        std::string(kTwoCpus) +
        "shared per_cpu bool flag; ghost per_cpu bool other; ghost int<0..2> finished;\n"
        "invariant sb_forbidden: !(finished == 2 && !other[0] && !other[1]);\n"
        "process { flag = true; smp_mb(); other = this_cpu == 0 ? flag[1] : flag[0]; finished++; "
        "}\n";
    CHECK(check(fenced, ir::MemoryModel::TSO).result.verdict == checker::Verdict::NoViolation);
}

TEST_CASE("TSO forwards a CPU's own buffered store to its loads", "[machine][tso]") {
    Run r = check(std::string(kOneCpu) +
                      "shared int<0..1> x;\n"
                      "process { x = 1; assert READ_ONCE(x) == 1, \"sees own store\"; }\n",
                  ir::MemoryModel::TSO);
    CHECK(r.result.verdict == checker::Verdict::NoViolation);
}

TEST_CASE("a statistic reports its maximum over all states and where it is non-zero", "[machine]") {
    LoadOptions o;
    LoadResult r = load_model_text("stat.sd",
                                   "type cpu = cpus(1);\nshared int<0..3> n;\n"
                                   "statistic most: n;\n"
                                   "process { n = 1; n = 2; n = 0; }\n",
                                   o);
    INFO(lang::render_all(*r.sources, r.diagnostics));
    REQUIRE(r.program);
    machine::Machine m(*r.program);
    checker::SearchResult s = checker::search(m, {});
    CHECK(s.stats.states == 4); // n = 0, 1, 2, then 0 again at the end
    std::vector<machine::Machine::StatisticValue> stats = m.statistics();
    REQUIRE(stats.size() == 1);
    CHECK(stats[0].max == 2);
    CHECK(stats[0].nonzero_states == 2);
}
