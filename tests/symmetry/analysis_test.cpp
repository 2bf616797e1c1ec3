// Which types --symmetry may permute: every use that names a value, orders
// one, or lets a loop's order show is found and reported where it is.
#include <catch2/catch.hpp>

#include "tests/symmetry/orbits.hpp"

using namespace shootdown;

namespace {

const char* kHeader = "type cpu = cpus(3);\n"
                      "type mm = scalarset(2);\n"
                      "shared per_cpu mm cur;\n"
                      "shared per_cpu bool flag;\n"
                      "shared bool found;\n"
                      "shared cpu last;\n"
                      "shared cpumask<cpu> mask;\n";

struct Verdict {
    bool cpu = false, mm = false;
    std::string messages;
};

Verdict analyse(const std::string& process, ir::MemoryModel memory = ir::MemoryModel::SC) {
    LoadOptions options;
    options.memory = memory;
    auto l = tests::load_text(std::string(kHeader) + process, options);
    const ir::Program& p = *l->result.program;
    Verdict v;
    for (ir::TypeId t = 0; t < p.types.size(); ++t) {
        if (p.types[t].name == "cpu") v.cpu = l->check.symmetric[t];
        if (p.types[t].name == "mm") v.mm = l->check.symmetric[t];
    }
    v.messages = lang::render_all(*p.sources, l->check.diagnostics);
    return v;
}

} // namespace

TEST_CASE("code that treats values alike keeps both types symmetric", "[symmetry]") {
    Verdict v = analyse("invariant i: forall c: cpu. flag[c] || cur[c] == cur[c];\n"
                        "process { choose m in mm { cur = m; mm x = cur; flag = x == m; }\n"
                        "  atomic { for (d in cpu) { if (flag[d]) { mask = mask | "
                        "cpumask_of(d); flag[d] = false; } } }\n"
                        "  mask = 0; mask = cpu_all_mask; }\n");
    CHECK(v.cpu);
    CHECK(v.mm);
    CHECK(v.messages.empty());
}

TEST_CASE("a literal of a type breaks its symmetry, with its location", "[symmetry]") {
    Verdict v = analyse("process { if (this_cpu == 0) { cur = 1; } }\n");
    CHECK(!v.cpu);
    CHECK(!v.mm);
    CHECK_THAT(v.messages, Catch::Contains("test.sd:8:27: warning: --symmetry: `cpu` is not "
                                           "permuted: a literal names one of its values"));
    CHECK_THAT(v.messages, Catch::Contains("test.sd:8:38: warning: --symmetry: `mm`"));
}

TEST_CASE("a literal mask other than none or all breaks the CPUs", "[symmetry]") {
    CHECK(!analyse("process { mask = 3; }\n").cpu);
    CHECK(analyse("process { mask = 0; }\n").cpu);
    CHECK(!analyse("process { flag = cpumask_test_cpu(1, mask); }\n").cpu);
}

TEST_CASE("a local read before it is assigned reads the value 0", "[symmetry]") {
    Verdict v = analyse("process { mm x; cur = x; }\n");
    CHECK(!v.mm);
    CHECK_THAT(v.messages, Catch::Contains("`x` may be read before it is assigned"));
}

TEST_CASE("loops whose order would show break the CPUs", "[symmetry]") {
    SECTION("several steps") {
        Verdict v = analyse("process { for (d in cpu) { flag[d] = true; } }\n");
        CHECK(!v.cpu);
        CHECK_THAT(v.messages, Catch::Contains("takes several steps"));
    }
    SECTION("stopping early") {
        CHECK(!analyse("process { atomic { for (d in cpu) { if (flag[d]) { break; } } } }\n").cpu);
    }
    SECTION("the last value wins") {
        Verdict v =
            analyse("process { atomic { for (d in cpu) { if (flag[d]) { last = d; } } } }\n");
        CHECK(!v.cpu);
        CHECK_THAT(v.messages, Catch::Contains("the last iteration"));
    }
    SECTION("one iteration sees another's write") {
        Verdict v = analyse("process { atomic { for (d in cpu) { if (!found && flag[d]) {\n"
                            "  found = true; flag[d] = false; } } } }\n");
        CHECK(!v.cpu);
        CHECK_THAT(v.messages, Catch::Contains("one iteration reads what another one wrote"));
    }
    SECTION("updates that do not commute") {
        Verdict v = analyse("process { atomic { for (d in cpu) { if (flag[d]) {\n"
                            "  mask = mask | cpumask_of(d); } else { mask = mask & "
                            "~cpumask_of(d); } } } }\n");
        CHECK(!v.cpu);
        CHECK_THAT(v.messages, Catch::Contains("do not commute"));
    }
    SECTION("the mm type is unaffected") {
        CHECK(analyse("process { for (d in cpu) { flag[d] = true; } }\n").mm);
    }
}

TEST_CASE("under TSO a loop's buffered stores show its order", "[symmetry]") {
    const auto tso = ir::MemoryModel::TSO;
    SECTION("stores to the loop value's own elements") {
        const char* loop = "process { atomic { for (d in cpu) { flag[d] = true; } } }\n";
        CHECK(analyse(loop).cpu);
        Verdict v = analyse(loop, tso);
        CHECK(!v.cpu);
        CHECK(v.mm);
        CHECK_THAT(v.messages, Catch::Contains("test.sd:8:37: warning: --symmetry: `cpu` is not "
                                               "permuted: under TSO a loop over it queues"));
    }
    SECTION("a commutative update") {
        const char* loop =
            "process { atomic { for (d in cpu) { mask = mask | cpumask_of(d); } } }\n";
        CHECK(analyse(loop).cpu);
        CHECK(!analyse(loop, tso).cpu);
    }
    SECTION("copies of one constant store to one place look alike in any order") {
        CHECK(analyse("process { atomic { for (d in cpu) { if (flag[d]) { found = true; } } } }\n",
                      tso)
                  .cpu);
        CHECK(!analyse("process { atomic { for (d in cpu) { if (flag[d]) { found = true; }\n"
                       "  else { mask = 0; } } } }\n",
                       tso)
                   .cpu);
    }
    SECTION("a ghost is not buffered") {
        CHECK(analyse("ghost per_cpu bool seen;\n"
                      "process { atomic { for (d in cpu) { seen[d] = true; } } }\n",
                      tso)
                  .cpu);
    }
}
