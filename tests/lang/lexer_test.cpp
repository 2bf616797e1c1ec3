// The lexer, source positions and the rendering of diagnostics.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "model/lang/diagnostics.hpp"
#include "model/lang/lexer.hpp"

namespace {

using namespace shootdown::lang;

struct Lexed {
    SourceManager sources;
    Diagnostics diagnostics;
    std::vector<Token> tokens;
};

Lexed lex_text(const std::string& text) {
    Lexed l;
    std::uint32_t id = l.sources.add("t.sd", text);
    l.tokens = lex(l.sources, id, l.diagnostics);
    return l;
}

std::vector<std::string> texts(const std::vector<Token>& tokens) {
    std::vector<std::string> out;
    for (const Token& t : tokens)
        out.emplace_back(t.text);
    return out;
}

} // namespace

TEST_CASE("the lexer splits text into tokens", "[lexer]") {
    Lexed l = lex_text("shared per_cpu int<0..3> x = 42; // comment\n/* block\n */ \"msg\" c.d");
    REQUIRE_FALSE(l.diagnostics.has_errors());
    CHECK(texts(l.tokens) == std::vector<std::string>{"shared", "per_cpu", "int", "<", "0", "..",
                                                      "3", ">", "x", "=", "42", ";", "\"msg\"", "c",
                                                      ".", "d", ""});
    CHECK(l.tokens[0].kind == TokenKind::Keyword);
    CHECK(l.tokens[8].kind == TokenKind::Identifier);
    CHECK(l.tokens[10].kind == TokenKind::Integer);
    CHECK(l.tokens[10].value == 42);
    CHECK(l.tokens[12].kind == TokenKind::String);
    CHECK(l.tokens.back().kind == TokenKind::End);
    // Spans are byte offsets: `x` is the 26th byte.
    CHECK(l.tokens[8].span.begin == 25);
    CHECK(l.tokens[8].span.end == 26);
}

TEST_CASE("the longest punctuation wins", "[lexer]") {
    Lexed l = lex_text("a<<=b...c..d->e++");
    REQUIRE_FALSE(l.diagnostics.has_errors());
    CHECK(texts(l.tokens) == std::vector<std::string>{"a", "<<", "=", "b", "...", "c", "..", "d",
                                                      "->", "e", "++", ""});
}

TEST_CASE("integer literals up to INT64_MAX", "[lexer]") {
    Lexed ok = lex_text("9223372036854775807");
    REQUIRE_FALSE(ok.diagnostics.has_errors());
    CHECK(ok.tokens[0].value == 9223372036854775807);
    Lexed big = lex_text("9223372036854775808");
    REQUIRE(big.diagnostics.error_count() == 1);
    CHECK(big.diagnostics.all()[0].message == "integer literal is too large");
    CHECK(big.tokens[0].kind == TokenKind::Invalid);
}

TEST_CASE("a bad character is one error and an invalid token", "[lexer]") {
    Lexed l = lex_text("a @ b");
    REQUIRE(l.diagnostics.error_count() == 1);
    CHECK(l.diagnostics.all()[0].message == "unexpected character `@`");
    REQUIRE(l.tokens.size() == 4);
    CHECK(l.tokens[1].kind == TokenKind::Invalid);
    CHECK(l.tokens[1].reported);
    CHECK(l.tokens[2].text == "b"); // lexing goes on
    CHECK_FALSE(l.tokens[3].reported);
}

TEST_CASE("a UTF-8 character is one error and a stray byte another", "[lexer]") {
    Lexed l = lex_text("a \xe2\x80\x9c b \xff");
    REQUIRE(l.diagnostics.error_count() == 2);
    CHECK(l.diagnostics.all()[0].message == "unexpected character `\xe2\x80\x9c`");
    CHECK(l.diagnostics.all()[0].span.end - l.diagnostics.all()[0].span.begin == 3);
    CHECK(l.diagnostics.all()[1].message == "unexpected character byte 0xff");
    // A lead byte without its continuation bytes is a byte of its own.
    Lexed cut = lex_text("\xe2\x80");
    CHECK(cut.diagnostics.error_count() == 2);
}

TEST_CASE("an unterminated comment marks the end of the file as reported", "[lexer]") {
    Lexed l = lex_text("a /* b");
    REQUIRE(l.diagnostics.error_count() == 1);
    CHECK(l.diagnostics.all()[0].message == "unterminated comment");
    CHECK(l.tokens.back().kind == TokenKind::End);
    CHECK(l.tokens.back().reported);
    CHECK_FALSE(lex_text("a /* b */").tokens.back().reported);
}

TEST_CASE("an unterminated string ends at the end of its line", "[lexer]") {
    Lexed l = lex_text("\"abc\nd");
    REQUIRE(l.diagnostics.error_count() == 1);
    CHECK(l.diagnostics.all()[0].message == "unterminated string");
    CHECK(texts(l.tokens) == std::vector<std::string>{"\"abc", "d", ""});
}

TEST_CASE("source positions are 1-based lines and byte columns", "[source]") {
    SourceFile f("f.sd", "ab\ncd\r\n\nx");
    CHECK(f.line_count() == 4);
    CHECK(f.position(0).line == 1);
    CHECK(f.position(4).line == 2);
    CHECK(f.position(4).column == 2);
    CHECK(f.position(8).line == 4); // the end of the text
    CHECK(f.line_text(2) == "cd");
    CHECK(f.line_text(3).empty());
    CHECK(f.line_text(9).empty());
}

TEST_CASE("a diagnostic renders as file:line:col with the line and a caret and the hint",
          "[diagnostics]") {
    SourceManager sources;
    std::uint32_t id = sources.add("m.sd", "process {\n\tx = tlb_gn;\n}\n");
    Diagnostics d;
    d.error(Span{id, 15, 21}, "unknown name `tlb_gn`", "did you mean `tlb_gen`?");
    CHECK(render_all(sources, d) == "m.sd:2:6: error: unknown name `tlb_gn`\n"
                                    "  \tx = tlb_gn;\n"
                                    "  \t    ^~~~~~\n"
                                    "  hint: did you mean `tlb_gen`?\n");
}

TEST_CASE("the caret counts a UTF-8 character as one column", "[diagnostics]") {
    SourceManager sources;
    std::uint32_t id = sources.add("m.sd", "\xc3\xa9 = \xe2\x88\x92;");
    Diagnostics d;
    d.error(Span{id, 5, 8}, "bad");
    CHECK(render_all(sources, d) == "m.sd:1:6: error: bad\n"
                                    "  \xc3\xa9 = \xe2\x88\x92;\n"
                                    "      ^\n");
}

TEST_CASE("identical diagnostics are kept once and sorting follows the text", "[diagnostics]") {
    Diagnostics d;
    d.error(Span{0, 20, 21}, "late");
    d.error(Span{0, 5, 6}, "early");
    d.error(Span{0, 20, 21}, "late");
    d.warning(Span{0, 10, 11}, "middle");
    CHECK(d.error_count() == 2);
    REQUIRE(d.all().size() == 3);
    d.sort_by_location();
    CHECK(d.all()[0].message == "early");
    CHECK(d.all()[1].message == "middle");
    CHECK(d.all()[2].message == "late");
}

TEST_CASE("did-you-mean suggests only plausible typos", "[diagnostics]") {
    std::vector<std::string> names{"tlb_gen", "loaded_mm", "lazy"};
    CHECK(closest_name("tlb_gn", names) == "tlb_gen");
    CHECK(closest_name("loded_mm", names) == "loaded_mm");
    CHECK(closest_name("zzz", names).empty());
    CHECK(closest_name("x", {}).empty());
}
