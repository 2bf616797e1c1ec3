// The parser: the tree it builds, its recovery, and its nesting limits.
#include <string>

#include <catch2/catch.hpp>

#include "model/lang/parser.hpp"

namespace {

using namespace shootdown::lang;

struct Parsed {
    SourceManager sources;
    Diagnostics diagnostics;
    Module module;
};

Parsed parse_text(const std::string& text) {
    Parsed p;
    std::uint32_t id = p.sources.add("t.sd", text);
    p.module = parse(p.sources, id, p.diagnostics);
    return p;
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

} // namespace

TEST_CASE("the parser reads every kind of declaration", "[parser]") {
    Parsed p = parse_text(R"(
import "lib.sd";
memory tso;
param NCPU = 2;
type cpu = cpus(NCPU);
enum st { A, B, };
shared per_cpu int<0..3> x[st] = {1, 2};
variant CORRECT, BUGGY;
invariant ok: forall c: cpu. x[c][A] < 3;
bool f(int<0..3> v, bool w) { return w; }
irq flush(st s) { skip; }
hardware walk() { skip; }
process { skip; }
)");
    REQUIRE_FALSE(p.diagnostics.has_errors());
    using K = Decl::Kind;
    std::vector<K> kinds;
    for (const Decl& d : p.module.decls)
        kinds.push_back(d.kind);
    CHECK(kinds == std::vector<K>{K::Import, K::Memory, K::Param, K::Type, K::Enum, K::Variable,
                                  K::Variant, K::Invariant, K::Function, K::Irq, K::Hardware,
                                  K::Process});
    const auto& d = p.module.decls;
    CHECK(d[0].name == "lib.sd");
    CHECK(d[1].name == "tso");
    CHECK(d[4].members == std::vector<std::string>{"A", "B"}); // a trailing comma is fine
    CHECK(d[5].storage == "shared");
    CHECK(d[5].per_cpu);
    CHECK(d[5].dims.size() == 1);
    CHECK(d[5].init_list.size() == 2);
    CHECK(d[6].members == std::vector<std::string>{"CORRECT", "BUGGY"});
    CHECK(d[8].params.size() == 2);
    CHECK(d[9].params.size() == 1);
}

TEST_CASE("operators bind as in C", "[parser]") {
    Parsed p = parse_text("param P = 1 + 2 * 3 == 7 && !false || x[1][2] < 3 ? 4 : 5;");
    REQUIRE_FALSE(p.diagnostics.has_errors());
    const Expr& e = *p.module.decls[0].value;
    REQUIRE(e.kind == Expr::Kind::Ternary);
    const Expr& c = *e.args[0];
    REQUIRE(c.op == "||");
    const Expr& conj = *c.args[0];
    REQUIRE(conj.op == "&&");
    const Expr& eq = *conj.args[0];
    REQUIRE(eq.op == "==");
    const Expr& sum = *eq.args[0];
    REQUIRE(sum.op == "+");
    CHECK(sum.args[1]->op == "*");
    CHECK(conj.args[1]->kind == Expr::Kind::Unary);
    const Expr& lt = *c.args[1];
    REQUIRE(lt.op == "<");
    const Expr& index = *lt.args[0];
    REQUIRE(index.kind == Expr::Kind::Index); // x[1][2] is (x[1])[2]
    CHECK(index.args[0]->kind == Expr::Kind::Index);
    CHECK(index.args[0]->args[0]->name == "x");
}

TEST_CASE("after a syntax error the parser goes on with the next statement", "[parser]") {
    Parsed p = parse_text("process {\n  x = ;\n  y = 1\n  if (a) skip;\n  z = 2;\n}\n");
    REQUIRE(p.diagnostics.error_count() == 2);
    CHECK(p.diagnostics.all()[0].message == "expected an expression, found `;`");
    CHECK(p.diagnostics.all()[1].message == "expected `;` after the statement");
    REQUIRE(p.module.decls.size() == 1);
    // `y = 1`, `if` and `z = 2;` survive: the missing `;` is at the end of a line.
    CHECK(p.module.decls[0].body->body.size() == 3);
}

TEST_CASE("a missing semicolon at the end of a line is as if it were there", "[parser]") {
    Parsed p = parse_text("process {\n  if (a)\n    x = 1\n  else\n    x = 2;\n  y = 3\n}\n");
    REQUIRE(p.diagnostics.error_count() == 2);
    CHECK(p.diagnostics.all()[0].message == "expected `;` after the statement");
    CHECK(p.diagnostics.all()[0].span.begin == 28); // just after `x = 1`
    CHECK(p.diagnostics.all()[1].message == "expected `;` after the statement");
    REQUIRE(p.module.decls.size() == 1);
    const Stmt& body = *p.module.decls[0].body;
    REQUIRE(body.body.size() == 2);
    CHECK(body.body[0]->kind == Stmt::Kind::If);
    CHECK(body.body[0]->body.size() == 2); // the `else` still belongs to the `if`
}

TEST_CASE("a file cut short reports its end once", "[parser]") {
    Parsed p = parse_text("process { while (true) { if (a) { x = 1;");
    REQUIRE(p.diagnostics.error_count() == 1);
    CHECK(p.diagnostics.all()[0].message == "expected `}` to close the block, found end of file");
}

TEST_CASE("deep nesting is one error and not a stack overflow", "[parser]") {
    const int n = 50000;
    auto one_error = [](const std::string& text, const std::string& message) {
        Parsed p = parse_text(text);
        INFO(text.substr(0, 60));
        REQUIRE(p.diagnostics.error_count() == 1);
        CHECK(p.diagnostics.all()[0].message == message);
    };
    std::string expr = "expression nested too deeply", stmt = "statements nested too deeply";
    one_error("process { x = " + repeat("(", n) + "1" + repeat(")", n) + "; }", expr);
    one_error("process { x = " + repeat("!", n) + "a; }", expr);
    one_error("process { x = " + repeat("1 + ", n) + "1; }", expr);
    one_error("process { x = a" + repeat("[0]", n) + "; }", expr);
    one_error("process { x = " + repeat("a ? b : ", n) + "c; }", expr);
    one_error("process { x = " + repeat("f(", n) + repeat(")", n) + "; }", expr);
    one_error("param P = " + repeat("- ", n) + "1;", expr);
    one_error("process { " + repeat("{", n) + repeat("}", n) + " }", stmt);
    one_error("process { " + repeat("if (a) ", n) + "x = 1; }", stmt);
    one_error("process { " + repeat("while (a) ", n) + "x = 1; }", stmt);
    one_error("process { " + repeat("atomic { ", n) + repeat("}", n) + " }", stmt);
    // Errors in earlier expressions do not use up the depth of later ones.
    Parsed p = parse_text("process {\n" + repeat("  x = ((((1 + ;\n", 300) +
                          "  x = " + repeat("(", 150) + "1" + repeat(")", 150) + ";\n}\n");
    CHECK(p.diagnostics.error_count() == 300);
}
