// The TSO explanation names the load that passed a buffered store, on the
// store-buffering litmus shape and on the seed-000 un-lazy path without its
// smp_mb().
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/frontend.hpp"
#include "model/machine/format.hpp"
#include "properties/reorderings.hpp"

using namespace shootdown;

namespace {

std::vector<properties::Reordering> reorderings_of(LoadResult& loaded) {
    INFO(lang::render_all(*loaded.sources, loaded.diagnostics));
    REQUIRE(loaded.program);
    machine::Machine m(*loaded.program);
    checker::SearchResult r = checker::search(m, {});
    REQUIRE(r.verdict == checker::Verdict::Violation);
    machine::Trace trace = machine::build_trace(m, *r.counterexample);
    std::vector<properties::Reordering> observed;
    for (const properties::Reordering& o : properties::find_reorderings(m, trace))
        if (o.observed) observed.push_back(o);
    return observed;
}

} // namespace

TEST_CASE("SB: a load passed a buffered store that the other CPU missed", "[properties][tso]") {
    LoadOptions o;
    o.memory = ir::MemoryModel::TSO;
    LoadResult loaded =
        load_model_text("sb.sd",
                        "type cpu = cpus(2);\n"
                        "shared int<0..1> x; shared int<0..1> y;\n"
                        "ghost per_cpu int<0..1> r; ghost int<0..2> finished;\n"
                        "invariant sb_forbidden: !(finished == 2 && r[0] == 0 && r[1] == 0);\n"
                        "process {\n"
                        "  if (this_cpu == 0) { WRITE_ONCE(x, 1); r = READ_ONCE(y); }\n"
                        "  else { WRITE_ONCE(y, 1); r = READ_ONCE(x); }\n"
                        "  finished++;\n"
                        "}\n",
                        o);
    // One reordering suffices: the other CPU reads before the first store
    // drains, the first CPU's own load may come before the other's store.
    std::vector<properties::Reordering> rs = reorderings_of(loaded);
    REQUIRE(rs.size() == 1);
    CHECK(((rs[0].store == "x" && rs[0].load == "y" && rs[0].cpu == 0) ||
           (rs[0].store == "y" && rs[0].load == "x" && rs[0].cpu == 1)));
    CHECK(rs[0].store_step < rs[0].load_step);
}

TEST_CASE("seed 000 without the un-lazy smp_mb: tlb_gen read passes the is_lazy store",
          "[properties][tso]") {
    LoadOptions o;
    o.memory = ir::MemoryModel::TSO;
    o.variant = "D_no_mb";
    o.params = {{"FREES", 0}};
    LoadResult loaded =
        load_model(SHOOTDOWN_SOURCE_DIR "/examples/seed-000-lazy-tlb/lazy_tlb.sd", o);
    std::vector<properties::Reordering> rs = reorderings_of(loaded);
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].load == "tlb_gen[mm1]");
    CHECK(rs[0].store == "is_lazy[" + std::to_string(rs[0].cpu) + "]");
    machine::Machine m(*loaded.program);
    CHECK(machine::source_line(*loaded.program, rs[0].store_span) == "is_lazy = false;");
}
