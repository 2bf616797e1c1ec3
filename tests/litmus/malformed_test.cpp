// Every tests/litmus/malformed/*.litmus is rejected with exactly the
// diagnostics its `// expect:` lines list, in order, and nothing else:
//
//   // expect: LINE:COL: error: MESSAGE
//   // expect-hint: HINT    (the hint of the diagnostic above; without such a
//                           line the diagnostic has no hint)
//
// (the same convention as tests/malformed for .sd models).
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "tests/litmus/litmus_helpers.hpp"

namespace shootdown::litmus {
namespace {

namespace fs = std::filesystem;
using testing::files_in;

const fs::path kDir = SHOOTDOWN_LITMUS_MALFORMED;

std::vector<std::string> expected_diagnostics(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("// expect: ", 0) == 0)
            out.push_back(line.substr(11));
        else if (line.rfind("// expect-hint: ", 0) == 0)
            out.push_back("hint: " + line.substr(16));
        else if (line.rfind("// expect", 0) == 0)
            out.push_back("malformed expect line: " + line); // fails the comparison
    }
    return out;
}

std::vector<std::string> actual_diagnostics(const LitmusRun& r) {
    std::vector<std::string> out;
    for (const lang::Diagnostic& d : r.diagnostics.all()) {
        lang::LineCol pos = r.sources->file(d.span.file).position(d.span.begin);
        REQUIRE(d.severity == lang::Severity::Error);
        out.push_back(fmt::format("{}:{}: error: {}", pos.line, pos.column, d.message));
        if (!d.hint.empty()) out.push_back("hint: " + d.hint);
    }
    return out;
}

TEST_CASE("Malformed litmus tests give exactly their expected located errors",
          "[litmus][malformed]") {
    const auto files = files_in(kDir, ".litmus");
    REQUIRE(files.size() >= 15);
    for (const fs::path& file : files) {
        CAPTURE(file.filename().string());
        LitmusRun r = check_litmus_file(file.string(), {ir::MemoryModel::TSO, false});
        CHECK_FALSE(r.translation.has_value());
        const std::vector<std::string> expected = expected_diagnostics(testing::read_text(file));
        REQUIRE_FALSE(expected.empty());
        CHECK(actual_diagnostics(r) == expected);
        // Rendered as compilers do: file:line:col: error: message.
        const std::string rendered = lang::render_all(*r.sources, r.diagnostics);
        CHECK(rendered.rfind(file.string() + ":", 0) == 0);
    }
}

TEST_CASE("A missing file is reported, not thrown", "[litmus][malformed]") {
    LitmusRun r = check_litmus_file((kDir / "no-such-file.litmus").string(), {});
    REQUIRE(r.diagnostics.has_errors());
    CHECK(r.diagnostics.all()[0].message.find("cannot read litmus file") != std::string::npos);
    CHECK_FALSE(r.test.has_value());
}

} // namespace
} // namespace shootdown::litmus
