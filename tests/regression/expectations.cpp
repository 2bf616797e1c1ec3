#include "tests/regression/expectations.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace shootdown::tests {

std::string Expectation::label() const {
    std::string p;
    for (const auto& [k, v] : params)
        p += fmt::format(" {}={}", k, v);
    return fmt::format("{}:{} [{}{}{}]", std::filesystem::path(file).filename().string(), line,
                       variant, memory.empty() ? "" : " " + memory, p);
}

namespace {

void set(Expectation& e, const std::string& key, const std::string& value) {
    if (key == "variant")
        e.variant = value;
    else if (key == "memory")
        e.memory = value;
    else if (key == "verdict")
        e.verdict = value;
    else if (key == "property")
        e.property = value;
    else if (key == "states")
        e.states = std::stoull(value);
    else if (key == "transitions")
        e.transitions = std::stoull(value);
    else if (key == "steps")
        e.steps = static_cast<std::uint32_t>(std::stoul(value));
    else if (key == "store-buffer")
        e.store_buffer = static_cast<std::uint32_t>(std::stoul(value));
    else if (key == "dfs" && value == "skip")
        e.skip_dfs = true;
    else if (key.rfind("param.", 0) == 0)
        e.params.emplace_back(key.substr(6), std::stoll(value));
    else
        throw std::runtime_error(
            fmt::format("{}:{}: unknown expect key `{}`", e.file, e.line, key));
}

} // namespace

std::vector<Expectation> read_expectations(const std::string& path) {
    std::vector<Expectation> out;
    std::ifstream in(path);
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
        ++line;
        const std::string tag = "// expect:";
        if (text.rfind(tag, 0) != 0) continue;
        Expectation e;
        e.file = path;
        e.line = line;
        std::istringstream words(text.substr(tag.size()));
        std::string word;
        while (words >> word) {
            auto eq = word.find('=');
            if (eq == std::string::npos)
                throw std::runtime_error(fmt::format("{}:{}: expected key=value", path, line));
            set(e, word.substr(0, eq), word.substr(eq + 1));
        }
        out.push_back(e);
    }
    return out;
}

std::vector<Expectation> all_expectations(const std::string& examples_dir) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(examples_dir))
        if (entry.path().extension() == ".sd") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    std::vector<Expectation> out;
    for (const std::string& f : files)
        for (Expectation& e : read_expectations(f))
            out.push_back(std::move(e));
    return out;
}

} // namespace shootdown::tests
