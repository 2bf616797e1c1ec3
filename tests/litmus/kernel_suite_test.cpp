// The kernel's litmus suite (../shared/litmus, not part of the repository):
// every test INDEX.tsv marks in scope without RCU gives exactly its
// tso_expected under x86-TSO and its sc_expected under SC; the others are
// rejected as unsupported, with RCU named. Skipped, with a warning, when
// the suite is not there.
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

#include "litmus/report.hpp"
#include "tests/litmus/litmus_helpers.hpp"

namespace shootdown::litmus {
namespace {

namespace fs = std::filesystem;
using testing::run_ok;

const fs::path kSuite = SHOOTDOWN_KERNEL_LITMUS;

// Absent data skips the test, saying so; CI, where ../shared is always
// present, sets SHOOTDOWN_REQUIRE_CONFORMANCE so that a skip fails instead.
bool suite_present(const fs::path& file) {
    if (fs::exists(file)) return true;
    if (std::getenv("SHOOTDOWN_REQUIRE_CONFORMANCE") != nullptr)
        FAIL("the kernel's litmus suite is not at " << kSuite.string()
                                                    << " and SHOOTDOWN_REQUIRE_CONFORMANCE is set");
    WARN("the kernel's litmus suite is not at " << kSuite.string() << ": test skipped");
    return false;
}

using Row = std::map<std::string, std::string>; // column -> value

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream in(line);
    std::string cell;
    while (std::getline(in, cell, '\t'))
        out.push_back(cell);
    return out;
}

std::vector<Row> index_rows(const fs::path& index) {
    std::ifstream in(index);
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> columns = split_tabs(line);
    std::vector<Row> rows;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> cells = split_tabs(line);
        Row row;
        for (std::size_t i = 0; i < columns.size(); ++i)
            row[columns[i]] = i < cells.size() ? cells[i] : std::string();
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string verdict(const Outcome& o) {
    return allowed(o) ? "Allowed" : "Forbidden";
}

TEST_CASE("Kernel suite: in-scope tests give INDEX.tsv's TSO and SC results", "[litmus][kernel]") {
    const fs::path index = kSuite / "lkmm" / "INDEX.tsv";
    if (!suite_present(index)) return;
    const std::vector<Row> rows = index_rows(index);
    REQUIRE(rows.size() == 47);
    int in_scope = 0;
    for (const Row& row : rows) {
        if (row.at("in_scope_no_rcu") != "yes") continue;
        ++in_scope;
        const fs::path file = kSuite / "lkmm" / row.at("file");
        CAPTURE(row.at("file"));
        const Outcome tso = *run_ok(file, ir::MemoryModel::TSO).outcome;
        CHECK(verdict(tso) == row.at("tso_expected"));
        const Outcome sc = *run_ok(file, ir::MemoryModel::SC).outcome;
        CHECK(verdict(sc) == row.at("sc_expected"));
    }
    CHECK(in_scope == 44);
}

TEST_CASE("Kernel suite: out-of-scope tests are rejected, naming RCU", "[litmus][kernel]") {
    const fs::path index = kSuite / "lkmm" / "INDEX.tsv";
    if (!suite_present(index)) return;
    for (const Row& row : index_rows(index)) {
        if (row.at("in_scope_no_rcu") == "yes") continue;
        CAPTURE(row.at("file"));
        LitmusRun r = check_litmus_file((kSuite / "lkmm" / row.at("file")).string(), {});
        CHECK(r.test.has_value()); // well formed: rejected for what it uses
        CHECK(r.diagnostics.has_errors());
        CHECK_FALSE(r.outcome.has_value());
        const std::string text = lang::render_all(*r.sources, r.diagnostics);
        CHECK(text.find("is RCU, which is not supported") != std::string::npos);
    }
}

// Under TSO the DEADLOCK of RM-broken is reproduced: its filter admits no
// final state (the kernel's scripts call that DEADLOCK).
TEST_CASE("Kernel suite: RM-broken's filter admits no final state", "[litmus][kernel]") {
    const fs::path file = kSuite / "lkmm" / "Documentation/litmus-tests/locking/RM-broken.litmus";
    if (!suite_present(file)) return;
    LitmusRun r = run_ok(file, ir::MemoryModel::TSO);
    CHECK(r.outcome->filtered_out > 0);
    CHECK(result_word(*r.outcome) == "DEADLOCK");
    CHECK(compare_with_result_line(*r.test, *r.outcome).status == Expectation::Status::Matches);
}

} // namespace
} // namespace shootdown::litmus
