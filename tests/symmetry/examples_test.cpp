// Every example's expectations again with --symmetry: the same verdict, the
// same property and shortest length, a counterexample that still replays,
// and for small state spaces exactly the brute-force number of orbits.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/reduce/symmetric_system.hpp"
#include "tests/regression/expectations.hpp"
#include "tests/symmetry/orbits.hpp"

using namespace shootdown;

namespace {

std::unique_ptr<tests::Loaded> load(const tests::Expectation& e) {
    LoadOptions o;
    o.variant = e.variant;
    o.params = e.params;
    o.store_buffer = e.store_buffer;
    if (e.memory == "sc") o.memory = ir::MemoryModel::SC;
    if (e.memory == "tso") o.memory = ir::MemoryModel::TSO;
    return tests::load_file(e.file, o);
}

} // namespace

TEST_CASE("reduced and unreduced search agree on every example", "[symmetry]") {
    std::size_t symmetric = 0;
    for (const tests::Expectation& e : tests::all_expectations(SHOOTDOWN_SOURCE_DIR "/examples")) {
        INFO(e.label());
        auto l = load(e);
        if (l->symmetry->trivial()) continue;
        ++symmetric;
        machine::SymmetricSystem reduced(*l->machine, *l->symmetry);
        checker::SearchResult plain = checker::search(*l->machine, {});
        checker::SearchResult r = checker::search(reduced, {});
        REQUIRE(r.verdict == plain.verdict);
        if (r.verdict == checker::Verdict::Violation) {
            CHECK(r.counterexample->kind == plain.counterexample->kind);
            CHECK(r.counterexample->property == plain.counterexample->property);
            CHECK(r.counterexample->path.steps.size() == plain.counterexample->path.steps.size());
            checker::Path real =
                machine::unpermute_path(*l->machine, *l->symmetry, r.counterexample->path);
            CHECK(real.steps.size() == r.counterexample->path.steps.size());
        } else if (plain.stats.states <= 100000) {
            std::vector<tests::State> all = tests::reachable(*l->machine);
            CHECK(r.stats.states == tests::brute_force_orbits(*l->symmetry, all));
        } else {
            CHECK(r.stats.states <= plain.stats.states);
        }
    }
    CHECK(symmetric >= 4); // lazytlb's four expectations at least
}
