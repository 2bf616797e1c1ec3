#include "tests/litmus/litmus_helpers.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

namespace shootdown::litmus::testing {

namespace {

LitmusRun checked(LitmusRun r) {
    INFO(lang::render_all(*r.sources, r.diagnostics));
    REQUIRE_FALSE(r.diagnostics.has_errors());
    REQUIRE(r.outcome.has_value());
    return r;
}

} // namespace

LitmusRun run_ok(const fs::path& file, ir::MemoryModel memory) {
    return checked(check_litmus_file(file.string(), {memory, true}));
}

LitmusRun run_text(const std::string& text, ir::MemoryModel memory) {
    return checked(check_litmus_text("test.litmus", text, {memory, true}));
}

std::string header_word(const std::string& text, const std::string& key) {
    std::size_t at = text.find(key + ":");
    if (at == std::string::npos) return {};
    std::size_t b = at + key.size() + 1;
    while (b < text.size() && text[b] == ' ')
        ++b;
    std::size_t e = b;
    while (e < text.size() && std::isalpha(static_cast<unsigned char>(text[e])))
        ++e;
    return text.substr(b, e - b);
}

std::string read_text(const fs::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<fs::path> files_in(const fs::path& folder, const std::string& extension) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && entry.path().extension() == extension)
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace shootdown::litmus::testing
