// --self-check (machine/self_check.hpp) passes on a correct machine and
// fails, naming the rule, where a promise is broken: a write that no
// footprint declares, and a state with bits set past its size.
#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/frontend.hpp"
#include "model/ir/analysis/footprint.hpp"
#include "model/machine/self_check.hpp"

using namespace shootdown;

namespace {

const char* kModel = R"(
type cpu = cpus(2);
shared int<0..2> x;
shared int<0..2> y[cpu];
process {
    y[this_cpu] = 1;
    x = 1;
}
)";

LoadResult load(ir::MemoryModel memory) {
    LoadOptions o;
    o.memory = memory;
    LoadResult r = load_model_text("self_check.sd", kModel, o);
    REQUIRE(r.program);
    return r;
}

} // namespace

TEST_CASE("the self-check passes on a correct machine", "[machine][self-check]") {
    for (ir::MemoryModel m : {ir::MemoryModel::SC, ir::MemoryModel::TSO}) {
        LoadResult r = load(m);
        machine::Machine machine(*r.program);
        machine::SelfCheckedMachine checked(machine);
        checker::SearchResult plain = checker::search(machine, {});
        checker::SearchResult result;
        REQUIRE_NOTHROW(result = checker::search(checked, {}));
        CHECK(result.verdict == checker::Verdict::NoViolation);
        CHECK(result.stats.states == plain.stats.states);
        CHECK(result.stats.transitions == plain.stats.transitions);
    }
}

TEST_CASE("the self-check names a write that no footprint declares", "[machine][self-check]") {
    LoadResult r = load(ir::MemoryModel::SC);
    machine::Machine machine(*r.program);
    std::vector<ir::analysis::Footprint> none(r.program->code.size());
    machine::SelfCheckedMachine checked(machine, none);
    CHECK_THROWS_WITH(checker::search(checked, {}),
                      Catch::Contains("which no instruction it ran declares in its footprint"));
}

TEST_CASE("the self-check finds the footprint per element", "[machine][self-check]") {
    // Declaring y[0] only: CPU 1's store to y[1] is outside it.
    LoadResult r = load(ir::MemoryModel::SC);
    machine::Machine machine(*r.program);
    std::vector<ir::analysis::Footprint> fp = ir::analysis::footprints(*r.program);
    for (ir::analysis::Footprint& f : fp)
        for (ir::analysis::VariableAccess& a : f.accesses)
            if (a.index[0].kind == ir::analysis::IndexPattern::Kind::ThisCpu)
                a.index[0] = {ir::analysis::IndexPattern::Kind::Constant, 0};
    machine::SelfCheckedMachine checked(machine, fp);
    CHECK_THROWS_WITH(checker::search(checked, {}),
                      Catch::Contains("a step of CPU 1 changed y[element 1]"));
}

TEST_CASE("the self-check finds bits set past the state's size", "[machine][self-check]") {
    LoadResult r = load(ir::MemoryModel::SC);
    ir::Program shrunk = *r.program;
    shrunk.state_bits = shrunk.cpu.block_offset; // as if the CPU blocks were padding
    machine::Machine machine(shrunk);
    machine::SelfCheckedMachine checked(machine);
    CHECK_THROWS_WITH(checker::search(checked, {}), Catch::Contains("has bits set past"));
}
