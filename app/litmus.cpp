// `shootdown litmus`: runs C litmus tests on the SC or x86-TSO machine and
// reports each one as herd7 does; with --expect, checks the verdict against
// the `Result:` line of the test's header.
#include <cstdio>

#include <fmt/format.h>

#include "app/commands.hpp"
#include "app/exit_codes.hpp"
#include "litmus/litmus.hpp"
#include "litmus/report.hpp"

namespace shootdown::app {

namespace {

struct Tally {
    int run = 0, as_expected = 0, mismatched = 0, failed = 0;
};

// Prints the expectation line; false if it could not be checked.
bool report_expectation(const litmus::LitmusRun& r, Tally& tally) {
    using Status = litmus::Expectation::Status;
    const litmus::Test& test = *r.test;
    litmus::Expectation e = litmus::compare_with_result_line(test, *r.outcome);
    switch (e.status) {
    case Status::Matches:
        ++tally.as_expected;
        fmt::print("Expect {} {}: ok\n", test.name, e.expected);
        return true;
    case Status::Differs:
        ++tally.mismatched;
        fmt::print("Expect {} {}: MISMATCH (observed {})\n", test.name, e.expected, e.observed);
        return true;
    case Status::NoResultLine:
        fmt::print(stderr, "{}: error: --expect needs a `Result:` line in the header comment\n",
                   r.sources->file(test.name_span.file).path());
        return false;
    case Status::UnknownWord:
        fmt::print(stderr,
                   "{}: error: unknown result `{}`\n  hint: write Never, Sometimes, Always, "
                   "DEADLOCK, Allowed or Forbidden\n",
                   r.sources->location(test.result_span), e.expected);
        return false;
    }
    return false;
}

} // namespace

int run_litmus(const LitmusOptions& o) {
    litmus::LitmusOptions options;
    if (o.memory == "sc")
        options.memory = ir::MemoryModel::SC;
    else if (o.memory == "tso")
        options.memory = ir::MemoryModel::TSO;
    else {
        fmt::print(stderr, "shootdown: error: --memory must be `sc` or `tso`, not `{}`\n",
                   o.memory);
        return kBadInput;
    }
    options.run = !o.emit_model;
    Tally tally;
    bool printed = false; // a blank line separates the reports
    for (std::size_t i = 0; i < o.files.size(); ++i) {
        std::fflush(stdout); // keep the reports and stderr's diagnostics in order
        litmus::LitmusRun r = litmus::check_litmus_file(o.files[i], options);
        std::string diagnostics = lang::render_all(*r.sources, r.diagnostics);
        if (!diagnostics.empty()) fmt::print(stderr, "{}", diagnostics);
        if (r.diagnostics.has_errors()) {
            std::size_t n = r.diagnostics.error_count();
            fmt::print(stderr, "{} error{} in {}\n", n, n == 1 ? "" : "s", o.files[i]);
            ++tally.failed;
            continue;
        }
        if (printed) fmt::print("\n");
        printed = true;
        if (o.emit_model) {
            fmt::print("{}", r.translation->model);
            continue;
        }
        ++tally.run;
        fmt::print("{}", litmus::format_report(*r.test, *r.outcome));
        if (o.expect && !report_expectation(r, tally)) ++tally.failed;
    }
    if (o.files.size() > 1 && !o.emit_model) {
        fmt::print("\nSummary: {} run", tally.run);
        if (o.expect)
            fmt::print(", {} as expected, {} mismatched", tally.as_expected, tally.mismatched);
        fmt::print(", {} not run or not checked\n", tally.failed);
    }
    if (tally.failed > 0) return kBadInput;
    return tally.mismatched > 0 ? kViolation : kNoViolation;
}

} // namespace shootdown::app
