// Every tests/malformed/*.sd must be rejected with exactly the diagnostics its
// `// expect:` lines list, in order, and nothing else: no missing error, no
// follow-on error, the caret where the line says. The format of the lines:
//
//   // expect: LINE:COL: error: MESSAGE
//   // expect-hint: HINT              (the hint of the diagnostic above; without
//                                     such a line the diagnostic has no hint)
//
// A diagnostic in another file (an import) is written PATH:LINE:COL, the path
// relative to the malformed model's folder; so are paths in messages and hints. Files in
// tests/malformed/inputs/ are only imported by the tests, never tests themselves.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "model/frontend.hpp"

namespace {

namespace fs = std::filesystem;
using namespace shootdown;

const fs::path kDir = SHOOTDOWN_MALFORMED_DIR;

std::vector<fs::path> malformed_models() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kDir))
        if (entry.is_regular_file() && entry.path().extension() == ".sd")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// The expected diagnostics, one string per `expect` or `expect-hint` line.
std::vector<std::string> expected_diagnostics(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("// expect: ", 0) == 0)
            out.push_back(line.substr(11));
        else if (line.rfind("// expect-hint: ", 0) == 0)
            out.push_back("hint: " + line.substr(16));
        else if (line.rfind("// expect", 0) == 0)
            out.push_back("malformed expect line: " + line); // fails the comparison
    }
    return out;
}

const char* severity_name(lang::Severity s) {
    switch (s) {
    case lang::Severity::Error:
        return "error";
    case lang::Severity::Warning:
        return "warning";
    case lang::Severity::Note:
        return "note";
    }
    return "?";
}

// `text` with the model's folder taken out of the paths it mentions.
std::string relative(std::string text, const fs::path& model) {
    std::string dir = model.parent_path().string() + "/";
    for (std::size_t at; (at = text.find(dir)) != std::string::npos;)
        text.erase(at, dir.size());
    return text;
}

// The diagnostics in the same form as the expect lines.
std::vector<std::string> actual_diagnostics(const LoadResult& r, const fs::path& model) {
    std::vector<std::string> out;
    for (const lang::Diagnostic& d : r.diagnostics.all()) {
        const lang::SourceFile& f = r.sources->file(d.span.file);
        lang::LineCol pos = f.position(d.span.begin);
        std::string where;
        if (d.span.file != 0)
            where =
                fs::path(f.path()).lexically_relative(model.parent_path()).generic_string() + ":";
        out.push_back(fmt::format("{}{}:{}: {}: {}", where, pos.line, pos.column,
                                  severity_name(d.severity), relative(d.message, model)));
        if (!d.hint.empty()) out.push_back("hint: " + relative(d.hint, model));
    }
    return out;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& l : lines)
        out += l + "\n";
    return out;
}

} // namespace

TEST_CASE("the malformed corpus is there", "[malformed]") {
    std::vector<fs::path> files = malformed_models();
    CHECK(files.size() >= 45);
    std::size_t with_several = 0;
    for (const fs::path& f : files) {
        std::vector<std::string> expected = expected_diagnostics(f);
        INFO(f.filename().string());
        CHECK(!expected.empty());
        auto errors = std::count_if(expected.begin(), expected.end(), [](const std::string& l) {
            return l.find(": error: ") != std::string::npos;
        });
        if (errors > 1) ++with_several;
    }
    CHECK(with_several >= 2);
}

TEST_CASE("malformed models report exactly the expected diagnostics", "[malformed]") {
    for (const fs::path& file : malformed_models()) {
        DYNAMIC_SECTION(file.filename().string()) {
            LoadResult r = load_model(file.string(), LoadOptions{});
            std::string expected = joined(expected_diagnostics(file));
            std::string actual = joined(actual_diagnostics(r, file));
            INFO("rendered:\n" << lang::render_all(*r.sources, r.diagnostics));
            CHECK(actual == expected);
            CHECK(r.diagnostics.has_errors());
            CHECK_FALSE(r.program.has_value());
        }
    }
}
