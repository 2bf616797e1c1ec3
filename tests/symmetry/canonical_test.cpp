// The reduction is exact: the reduced search counts the orbits of the
// reachable states (brute force over the whole group agrees), canonical
// forms are invariant under every renaming, and counterexamples keep their
// shortest length and replay on the real machine.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/reduce/symmetric_system.hpp"
#include "tests/symmetry/models.hpp"
#include "tests/symmetry/orbits.hpp"

using namespace shootdown;
using tests::State;

namespace {

LoadOptions lazytlb(std::int64_t ncpu, const std::string& variant = "CORRECT") {
    LoadOptions o;
    o.variant = variant;
    o.params = {{"NCPU", ncpu}};
    return o;
}

const char* kLazytlb = SHOOTDOWN_SOURCE_DIR "/examples/bench/lazytlb.sd";

checker::SearchResult reduced_search(const tests::Loaded& l) {
    machine::SymmetricSystem reduced(*l.machine, *l.symmetry);
    return checker::search(reduced, {});
}

// Brute-force orbits of the unreduced reachable states = the reduced count,
// and canonical forms separate exactly the orbits.
void check_exact(const tests::Loaded& l) {
    std::vector<State> all = tests::reachable(*l.machine);
    std::size_t orbits = tests::brute_force_orbits(*l.symmetry, all);
    checker::SearchResult r = reduced_search(l);
    CHECK(r.stats.states == orbits);
    std::set<State> forms;
    for (const State& s : all)
        forms.insert(tests::canonical(*l.symmetry, s));
    CHECK(forms.size() == orbits);
}

} // namespace

TEST_CASE("lazytlb with --symmetry counts Rumur's exhaustive orbits", "[symmetry]") {
    CHECK(reduced_search(*tests::load_file(kLazytlb, lazytlb(2))).stats.states == 629);
    CHECK(reduced_search(*tests::load_file(kLazytlb, lazytlb(3))).stats.states == 5134);
#ifdef NDEBUG // about half a second in a release build
    CHECK(reduced_search(*tests::load_file(kLazytlb, lazytlb(4))).stats.states == 43230);
#endif
}

TEST_CASE("lazytlb: both types are symmetric, the group is CPUs x mms", "[symmetry]") {
    auto l = tests::load_file(kLazytlb, lazytlb(3));
    CHECK(l->symmetry->types().size() == 2);
    CHECK(l->symmetry->group_size() == 12);
    CHECK(l->check.diagnostics.all().empty());
}

TEST_CASE("reduced counts equal brute-force orbit counts", "[symmetry]") {
    SECTION("lazytlb NCPU=2") {
        check_exact(*tests::load_file(kLazytlb, lazytlb(2)));
    }
    SECTION("lazytlb NCPU=3") {
        check_exact(*tests::load_file(kLazytlb, lazytlb(3)));
    }
    SECTION("IPIs carrying an mm, SC") {
        check_exact(*tests::load_text(tests::kIpiModel));
    }
    SECTION("IPIs carrying an mm, TSO") {
        LoadOptions o;
        o.memory = ir::MemoryModel::TSO;
        check_exact(*tests::load_text(tests::kIpiModel, o));
    }
    SECTION("CPU ids as arguments and indexes") {
        check_exact(*tests::load_text(tests::kPingModel));
    }
    SECTION("a loop under TSO: its type is refused, the CPUs still permuted") {
        auto l = tests::load_text(tests::kTsoLoopModel);
        REQUIRE(l->symmetry->types().size() == 1);
        CHECK(l->result.program->types[l->symmetry->types()[0]].is_cpu);
        CHECK_THAT(lang::render_all(*l->result.program->sources, l->check.diagnostics),
                   Catch::Contains("test.sd:12:13: warning: --symmetry: `id` is not permuted: "
                                   "under TSO"));
        CHECK(checker::search(*l->machine, {}).verdict == checker::Verdict::NoViolation);
        CHECK(reduced_search(*l).verdict == checker::Verdict::NoViolation);
        check_exact(*l);
        // Permuting `id` anyway merges "f[c] drained 0 first" with "1 first"
        // and reaches a violation that no real path has.
        machine::SymmetryCheck forced = l->check;
        const ir::Program& p = *l->result.program;
        for (ir::TypeId t = 0; t < p.types.size(); ++t)
            forced.symmetric[t] = forced.symmetric[t] || p.types[t].name == "id";
        machine::Symmetry wrong(p, forced);
        REQUIRE(wrong.types().size() == 2);
        machine::SymmetricSystem unsound(*l->machine, wrong);
        CHECK(checker::search(unsound, {}).verdict == checker::Verdict::Violation);
    }
    SECTION("copies of one store in a loop under TSO") {
        LoadOptions o;
        o.store_buffer = 3;
        auto l = tests::load_text(tests::kTsoFoundModel, o);
        REQUIRE(checker::search(*l->machine, {}).verdict == checker::Verdict::NoViolation);
        REQUIRE(l->symmetry->types().size() == 1);
        check_exact(*l);
    }
    SECTION("CPU ids, TSO") {
        LoadOptions o;
        o.memory = ir::MemoryModel::TSO;
        check_exact(*tests::load_text(tests::kPingModel, o));
    }
}

TEST_CASE("canonical forms are idempotent and invariant under every renaming", "[symmetry]") {
    for (const char* text : {tests::kIpiModel, tests::kPingModel, tests::kLoopModel}) {
        LoadOptions o;
        o.memory = ir::MemoryModel::TSO;
        auto l = tests::load_text(text, o);
        REQUIRE(!l->symmetry->trivial());
        std::vector<State> all = tests::reachable(*l->machine);
        auto group = l->symmetry->all_permutations();
        State image(l->symmetry->state_bytes());
        for (std::size_t i = 0; i < all.size(); i += 7) {
            State c = tests::canonical(*l->symmetry, all[i]);
            CHECK(tests::canonical(*l->symmetry, c) == c);
            for (const auto& g : group) {
                l->symmetry->apply(g, all[i].data(), image.data());
                CHECK(tests::canonical(*l->symmetry, image) == c);
            }
        }
    }
}

namespace {

// The reduced and the plain search agree on the verdict and the shortest
// length; the unpermuted path replays on the real machine to a violation.
void check_counterexample(const tests::Loaded& l, std::size_t steps) {
    checker::SearchResult plain = checker::search(*l.machine, {});
    checker::SearchResult r = reduced_search(l);
    REQUIRE(plain.verdict == checker::Verdict::Violation);
    REQUIRE(r.verdict == checker::Verdict::Violation);
    CHECK(r.counterexample->property == plain.counterexample->property);
    CHECK(r.counterexample->path.steps.size() == steps);
    CHECK(plain.counterexample->path.steps.size() == steps);
    checker::Path real = machine::unpermute_path(*l.machine, *l.symmetry, r.counterexample->path);
    REQUIRE(real.steps.size() == steps);
    const machine::Machine& m = *l.machine;
    checker::Successors out(m.state_bytes());
    m.initial_states(out);
    State s(out.state(real.initial), out.state(real.initial) + m.state_bytes());
    for (std::uint32_t ordinal : real.steps) {
        out.clear();
        m.successors(s.data(), out);
        REQUIRE(ordinal < out.size());
        s.assign(out.state(ordinal), out.state(ordinal) + m.state_bytes());
    }
    CHECK(m.check_state(s.data()) == r.counterexample->property);
}

} // namespace

TEST_CASE("counterexamples keep their length and replay with real identities", "[symmetry]") {
    SECTION("lazytlb BUGGY NCPU=2") {
        check_counterexample(*tests::load_file(kLazytlb, lazytlb(2, "BUGGY")), 6);
    }
    SECTION("lazytlb BUGGY NCPU=3") {
        check_counterexample(*tests::load_file(kLazytlb, lazytlb(3, "BUGGY")), 7);
    }
    SECTION("a loop over the CPUs") {
        auto l = tests::load_text(tests::kLoopModel);
        check_counterexample(*l,
                             checker::search(*l->machine, {}).counterexample->path.steps.size());
    }
}

namespace {

// A step violation ends a path with a successor from the middle of its step;
// unpermute_path must still find a real step that breaks the same property.
void check_step_violation(const std::string& text) {
    auto l = tests::load_text(text);
    REQUIRE(!l->symmetry->trivial());
    checker::SearchResult plain = checker::search(*l->machine, {});
    checker::SearchResult r = reduced_search(*l);
    REQUIRE(r.verdict == checker::Verdict::Violation);
    REQUIRE(r.counterexample->kind == checker::ViolationKind::Step);
    CHECK(r.counterexample->property == plain.counterexample->property);
    checker::Path real = machine::unpermute_path(*l->machine, *l->symmetry, r.counterexample->path);
    REQUIRE(real.steps.size() == plain.counterexample->path.steps.size());
    const machine::Machine& m = *l->machine;
    checker::Successors out(m.state_bytes());
    m.initial_states(out);
    State s(out.state(real.initial), out.state(real.initial) + m.state_bytes());
    for (std::size_t i = 0; i < real.steps.size(); ++i) {
        out.clear();
        m.successors(s.data(), out);
        REQUIRE(real.steps[i] < out.size());
        bool last = i + 1 == real.steps.size();
        CHECK(out.violation(real.steps[i]) ==
              (last ? r.counterexample->property : checker::kNoProperty));
        s.assign(out.state(real.steps[i]), out.state(real.steps[i]) + m.state_bytes());
    }
}

} // namespace

TEST_CASE("counterexamples that end with a failed assertion unpermute", "[symmetry]") {
    SECTION("a CPU variable that starts at CPU 0") {
        check_step_violation("type cpu = cpus(2);\n"
                             "hw cpu owner;\n"
                             "process { BUG_ON(this_cpu != owner); }\n");
        check_step_violation("type cpu = cpus(3);\n"
                             "hw cpu owner;\n"
                             "process { BUG_ON(this_cpu != owner); }\n");
    }
    SECTION("an assertion inside a choice, with a handler declared") {
        check_step_violation("type cpu = cpus(2);\n"
                             "shared bool x;\n"
                             "irq h() { }\n"
                             "process {\n"
                             "    x = true;\n"
                             "    choose c in cpu where c != this_cpu {\n"
                             "        assert false, \"boom\";\n"
                             "    }\n"
                             "}\n");
    }
}
