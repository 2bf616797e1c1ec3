// An example's expected outcomes, read from `// expect:` lines in its header:
//   // expect: variant=B memory=sc param.NCPU=3 verdict=violation property=X steps=6
//   // expect: variant=A verdict=no-violation states=1234 transitions=5678
// Every example in examples/ carries its own; the suite checks them all.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace shootdown::tests {

struct Expectation {
    std::string file;
    int line = 0;
    std::string variant;
    std::string memory; // "" = the model's default
    std::vector<std::pair<std::string, std::int64_t>> params;
    std::string verdict;  // violation | no-violation
    std::string property; // an invariant's name, an assertion's message, or "deadlock"
    std::optional<std::uint64_t> states, transitions;
    std::optional<std::uint32_t> steps; // BFS counterexample length
    std::uint32_t store_buffer = 2;
    bool skip_dfs = false;
    std::string label() const;
};

std::vector<Expectation> read_expectations(const std::string& path);
std::vector<Expectation> all_expectations(const std::string& examples_dir);

} // namespace shootdown::tests
