// Lowering through the public front end: valid models load, the state
// layout and the summary are as declared, and load options apply.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "model/frontend.hpp"
#include "model/ir/analysis/liveness.hpp"
#include "model/ir/bits.hpp"

namespace {

using namespace shootdown;
namespace fs = std::filesystem;

const std::string kLazyTlb = SHOOTDOWN_EXAMPLES_DIR "/bench/lazytlb.sd";

LoadResult load_text(const std::string& text, LoadOptions options = {}) {
    return load_model_text("t.sd", text, options);
}

const ir::Variable& variable(const ir::Program& p, const std::string& name) {
    for (const ir::Variable& v : p.variables)
        if (v.name == name) return v;
    FAIL("no variable " << name);
    throw;
}

std::string errors(const LoadResult& r) {
    return lang::render_all(*r.sources, r.diagnostics);
}

} // namespace

TEST_CASE("a small valid model loads", "[lowering]") {
    LoadResult r = load_text(R"(
type cpu = cpus(2);
shared int<0..3> x;
process {
    x = 1;
}
)");
    INFO(errors(r));
    REQUIRE(r.program);
    CHECK(r.diagnostics.all().empty());
    CHECK(r.program->cpus == 2);
    CHECK(r.program->memory == ir::MemoryModel::SC);
    CHECK_FALSE(r.program->code.empty());
}

TEST_CASE("variables are bit-packed in declaration order", "[lowering]") {
    LoadResult r = load_text(R"(
param NCPU = 3;
type cpu = cpus(NCPU);
type mm = scalarset(2);
enum st { A, B, C };
shared int<0..5> x = 4;           // 3 bits
shared per_cpu bool flag;         // 1 bit x 3 CPUs
shared st s[mm] = {B, C};         // 2 bits x 2
ghost cpumask<cpu> seen = 5;      // 3 bits
hw int<2..3> g[mm] = {3};         // 1 bit x 2, stored as value - 2
process {
    skip;
}
)");
    INFO(errors(r));
    REQUIRE(r.program);
    const ir::Program& p = *r.program;
    const ir::Variable& x = variable(p, "x");
    CHECK(x.offset == 0);
    CHECK(x.width == 3);
    CHECK(x.element_count == 1);
    const ir::Variable& flag = variable(p, "flag");
    CHECK(flag.offset == 3);
    CHECK(flag.width == 1);
    CHECK(flag.element_count == 3);
    CHECK(flag.per_cpu);
    const ir::Variable& s = variable(p, "s");
    CHECK(s.offset == 6);
    CHECK(s.width == 2);
    CHECK(s.element_count == 2);
    const ir::Variable& seen = variable(p, "seen");
    CHECK(seen.offset == 10);
    CHECK(seen.width == 3);
    CHECK(seen.storage == ir::Storage::Ghost);
    const ir::Variable& g = variable(p, "g");
    CHECK(g.offset == 13);
    CHECK(g.width == 1);
    CHECK(g.element_count == 2);
    CHECK(g.extents == std::vector<std::uint32_t>{2});
    CHECK(p.cpu.block_offset == 15);
    CHECK(p.location_count == 1 + 3 + 2); // shared elements only
    CHECK(p.state_bits == p.cpu.block_offset + 3 * p.cpu.block_bits);

    const std::byte* state = p.initial_state.data();
    CHECK(ir::get_bits(state, x.offset, x.width) == 4);
    CHECK(ir::get_bits(state, s.offset, 2) == 1);     // B
    CHECK(ir::get_bits(state, s.offset + 2, 2) == 2); // C
    CHECK(ir::get_bits(state, seen.offset, 3) == 5);
    CHECK(ir::get_bits(state, g.offset, 1) == 1);     // 3 - 2
    CHECK(ir::get_bits(state, g.offset + 1, 1) == 0); // left out: the first value, 2
}

TEST_CASE("the summary lists what `shootdown list` shows", "[lowering]") {
    LoadResult r = load_model(kLazyTlb, LoadOptions{});
    INFO(errors(r));
    REQUIRE(r.program);
    const ModelSummary& s = r.summary;
    CHECK(s.params ==
          std::vector<std::pair<std::string, std::int64_t>>{{"NCPU", 2}, {"NMM", 2}, {"FREES", 2}});
    CHECK(s.variants == std::vector<std::string>{"CORRECT", "BUGGY"});
    CHECK(s.invariants == std::vector<std::string>{"no_lazy_cpu_walks_freed_tables"});
    CHECK(s.hardware_actions == std::vector<std::string>{"walk", "ipi"});
    CHECK(s.handlers.empty());
    CHECK(r.program->variant == "CORRECT");
    CHECK(r.program->cpus == 2);
}

TEST_CASE("parameter and variant options apply and the summary keeps the defaults", "[lowering]") {
    LoadOptions o;
    o.params = {{"NCPU", 4}};
    o.variant = "BUGGY";
    LoadResult r = load_model(kLazyTlb, o);
    INFO(errors(r));
    REQUIRE(r.program);
    CHECK(r.program->cpus == 4);
    CHECK(r.program->variant == "BUGGY");
    CHECK(r.summary.params[0] == std::pair<std::string, std::int64_t>{"NCPU", 2});

    o.params = {{"NCUP", 4}};
    o.variant = "BUGY";
    LoadResult bad = load_model(kLazyTlb, o);
    CHECK_FALSE(bad.program);
    REQUIRE(bad.diagnostics.error_count() == 2);
    std::vector<std::string> messages, hints;
    for (const lang::Diagnostic& d : bad.diagnostics.all()) {
        messages.push_back(d.message);
        hints.push_back(d.hint);
    }
    std::sort(messages.begin(), messages.end());
    std::sort(hints.begin(), hints.end());
    CHECK(messages == std::vector<std::string>{"--param NCUP: the model has no parameter `NCUP`",
                                               "--variant BUGY: no such variant"});
    CHECK(hints ==
          std::vector<std::string>{"did you mean `NCPU`?", "the variants are: CORRECT, BUGGY"});
}

TEST_CASE("the model's memory declaration is a default that the option overrides", "[lowering]") {
    std::string text = "memory tso;\ntype cpu = cpus(2);\nshared bool b;\nprocess { b = true; }\n";
    LoadResult r = load_text(text);
    REQUIRE(r.program);
    CHECK(r.program->memory == ir::MemoryModel::TSO);
    LoadOptions sc;
    sc.memory = ir::MemoryModel::SC;
    LoadResult forced = load_text(text, sc);
    REQUIRE(forced.program);
    CHECK(forced.program->memory == ir::MemoryModel::SC);
}

TEST_CASE("a function inlined twice reports its error once", "[lowering]") {
    LoadResult r = load_text(R"(
type cpu = cpus(2);
shared int<0..3> x;
void f() {
    x = true;
}
process {
    f();
    f();
}
)");
    CHECK_FALSE(r.program);
    REQUIRE(r.diagnostics.error_count() == 1);
    CHECK(r.diagnostics.all()[0].message == "type mismatch: expected int<0..3>, found bool");
}

TEST_CASE("multiplying calls cannot blow up the code", "[lowering]") {
    // Each function calls the one before four times: 4^15 inlined calls.
    for (std::string leaf : {"x = 1;", "skip;"}) { // with code, and without any
        std::string text = "type cpu = cpus(2);\nshared int<0..3> x;\nvoid f0() { " + leaf + " }\n";
        for (int i = 1; i <= 15; ++i) {
            std::string call = "f" + std::to_string(i - 1) + "(); ";
            text += "void f" + std::to_string(i) + "() { " + call + call + call + call + "}\n";
        }
        text += "process { f15(); }\n";
        LoadResult r = load_text(text);
        INFO(leaf);
        CHECK_FALSE(r.program);
        REQUIRE(r.diagnostics.error_count() == 1);
        CHECK(r.diagnostics.all()[0].message.rfind("the model is too large", 0) == 0);
    }
}

TEST_CASE("imports are found next to the model and loaded once", "[lowering]") {
    fs::path dir = fs::temp_directory_path() / "shootdown_lang_import_test";
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "sub" / "helper.sd") << "import \"../common.sd\";\nparam H = 1;\n";
    std::ofstream(dir / "common.sd") << "type cpu = cpus(2);\n";
    std::ofstream(dir / "main.sd")
        << "import \"sub/helper.sd\";\nimport \"common.sd\";\nshared int<0..3> x = H;\n"
           "process { x = 2; }\n";
    LoadResult r = load_model((dir / "main.sd").string(), LoadOptions{});
    INFO(errors(r));
    CHECK(r.program);
    CHECK(r.sources->size() == 3);

    // The model imported back through another spelling of its path is a cycle.
    std::ofstream(dir / "sub" / "back.sd") << "import \"../loop.sd\";\n";
    std::ofstream(dir / "loop.sd") << "import \"sub/back.sd\";\ntype cpu = cpus(2);\n"
                                      "process { skip; }\n";
    LoadResult loop = load_model((dir / "loop.sd").string(), LoadOptions{});
    REQUIRE(loop.diagnostics.error_count() == 1);
    CHECK(loop.diagnostics.all()[0].message == "circular import of `../loop.sd`");
    fs::remove_all(dir);
}

TEST_CASE("an unreadable model is one error", "[lowering]") {
    LoadResult r = load_model("/nonexistent/model.sd", LoadOptions{});
    CHECK_FALSE(r.program);
    REQUIRE(r.diagnostics.error_count() == 1);
    CHECK(r.diagnostics.all()[0].message == "cannot read model file `/nonexistent/model.sd`");
    CHECK_FALSE(lang::render_all(*r.sources, r.diagnostics).empty());
}

TEST_CASE("every property has one id: invariants, assert sites, run-time checks", "[lowering]") {
    LoadResult r = load_text(R"(
type cpu = cpus(2);
shared int<0..3> x;
invariant small: x < 3;
process {
    x = 1;
    assert x == 1, "x is one";
    assert x != 2, "x is not two";
}
)");
    INFO(errors(r));
    REQUIRE(r.program);
    const ir::Program& p = *r.program;
    const auto checks = static_cast<std::size_t>(ir::BuiltinCheck::Count);
    REQUIRE(p.properties.size() == 1 + 2 + checks);
    CHECK(p.properties[p.invariant_property(0)].name == "invariant small");
    CHECK(p.properties[p.invariant_property(0)].kind == ir::Property::Kind::Invariant);
    CHECK(p.properties[p.assert_property(0)].name == "x is one");
    CHECK(p.properties[p.assert_property(1)].name == "x is not two");
    CHECK(p.properties[p.assert_property(1)].kind == ir::Property::Kind::Assert);
    const ir::Property& range = p.properties[p.check_property(ir::BuiltinCheck::ValueOutOfRange)];
    CHECK(range.kind == ir::Property::Kind::Check);
    CHECK(range.name == "value in range");
    CHECK(p.check_property(ir::BuiltinCheck::ValueOutOfRange) == 3);
}

TEST_CASE("liveness: a local is live from its assignment to its last read",
          "[lowering][analysis]") {
    LoadResult r = load_text(R"(
type cpu = cpus(1);
shared int<0..3> x;
shared int<0..3> y;
process {
    int<0..3> a = x;
    y = 1;
    y = a;
    y = 2;
}
)");
    INFO(errors(r));
    REQUIRE(r.program);
    const ir::Program& p = *r.program;
    std::uint32_t a = ir::kNone;
    for (std::uint32_t l = 0; l < p.locals.size(); ++l)
        if (p.locals[l].name == "a") a = l;
    REQUIRE(a != ir::kNone);
    // The stores to y, in program order: y = 1, y = a, y = 2.
    std::vector<std::uint32_t> stores;
    for (std::uint32_t pc = 0; pc < p.code.size(); ++pc) {
        const ir::Instr& in = p.code[pc];
        if (in.kind == ir::InstrKind::Assign && p.exprs[in.a].op == ir::Op::Global &&
            p.variables[p.exprs[in.a].a].name == "y")
            stores.push_back(pc);
    }
    REQUIRE(stores.size() == 3);
    const ir::analysis::Liveness live = ir::analysis::liveness(p);
    CHECK_FALSE(live.live_at(p.process_entry, a)); // written before it is read
    CHECK(live.live_at(stores[0], a));             // read by the next store
    CHECK(live.live_at(stores[1], a));             // read here
    CHECK_FALSE(live.live_at(stores[2], a));       // never read again
}
