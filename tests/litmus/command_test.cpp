// `shootdown litmus` as a user runs it: the report on stdout, diagnostics on
// stderr, and the exit code: 0 ran (and matched), 1 a --expect mismatch,
// 2 malformed or unsupported input.
#include <array>
#include <cstdio>
#include <fstream>

#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "tests/litmus/litmus_helpers.hpp"

namespace shootdown::litmus {
namespace {

namespace fs = std::filesystem;

const fs::path kExamples = SHOOTDOWN_LITMUS_EXAMPLES;
const fs::path kMalformed = SHOOTDOWN_LITMUS_MALFORMED;

struct Ran {
    int code = -1;
    std::string output; // stdout and stderr
};

Ran shootdown_litmus(const std::string& arguments) {
    const std::string command = std::string(SHOOTDOWN_BINARY) + " litmus " + arguments + " 2>&1";
    Ran r;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe))
        r.output.append(buffer.data(), n);
    const int status = pclose(pipe);
    REQUIRE(WIFEXITED(status));
    r.code = WEXITSTATUS(status);
    return r;
}

std::string quoted(const fs::path& p) {
    return "'" + p.string() + "'";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST_CASE("litmus: a report and exit 0; --expect agrees", "[litmus][command]") {
    const Ran r = shootdown_litmus("--expect " + quoted(kExamples / "SB.litmus"));
    CAPTURE(r.output);
    CHECK(r.code == 0);
    CHECK(contains(r.output, "Test SB Allowed\nStates 4\n"));
    CHECK(contains(r.output, "Observation SB Sometimes 1 3\n"));
    CHECK(contains(r.output, "(x86-TSO, store buffer 1)"));
    CHECK(contains(r.output, "Expect SB Sometimes: ok\n"));
}

TEST_CASE("litmus --expect: a mismatch exits 1", "[litmus][command]") {
    // SB's Result: line is for TSO; under SC the outcome is never seen.
    const Ran r = shootdown_litmus("--memory sc --expect " + quoted(kExamples / "SB.litmus") + " " +
                                   quoted(kExamples / "MP.litmus"));
    CAPTURE(r.output);
    CHECK(r.code == 1);
    CHECK(contains(r.output, "Observation SB Never 0 3\n"));
    CHECK(contains(r.output, "Expect SB Sometimes: MISMATCH (observed Never)\n"));
    CHECK(contains(r.output, "Expect MP Never: ok\n"));
    CHECK(contains(r.output, "Summary: 2 run, 1 as expected, 1 mismatched"));
}

TEST_CASE("litmus: malformed input exits 2 with a located error", "[litmus][command]") {
    const fs::path bad = kMalformed / "missing_semicolon.litmus";
    const Ran r = shootdown_litmus(quoted(bad) + " " + quoted(kExamples / "MP.litmus"));
    CAPTURE(r.output);
    CHECK(r.code == 2);
    CHECK(contains(r.output,
                   bad.string() + ":11:19: error: expected `;` after the statement, before `r0`"));
    CHECK(contains(r.output, "Observation MP Never 0 3")); // the other file still runs
}

TEST_CASE("litmus: usage errors exit 2", "[litmus][command]") {
    CHECK(shootdown_litmus("--memory pso " + quoted(kExamples / "SB.litmus")).code == 2);
    CHECK(shootdown_litmus("").code == 2);
    // --expect needs a Result: line.
    const fs::path plain = fs::temp_directory_path() / "shootdown-litmus-no-result.litmus";
    std::ofstream(plain) << "C no-result\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)\n";
    const Ran r = shootdown_litmus("--expect " + quoted(plain));
    CAPTURE(r.output);
    CHECK(r.code == 2);
    CHECK(contains(r.output, "--expect needs a `Result:` line"));
    fs::remove(plain);
}

TEST_CASE("litmus --emit-model prints the .sd model", "[litmus][command]") {
    const Ran r = shootdown_litmus("--emit-model " + quoted(kExamples / "MP.litmus"));
    CAPTURE(r.output);
    CHECK(r.code == 0);
    CHECK(contains(r.output, "type cpu = cpus(2);\n"));
    CHECK(contains(r.output, "    if (this_cpu == 1) {\n"));
    CHECK_FALSE(contains(r.output, "Observation"));
}

} // namespace
} // namespace shootdown::litmus
