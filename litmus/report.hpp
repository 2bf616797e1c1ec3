// A litmus outcome in herd7's words: the `Test ... / States / Ok / Witnesses /
// Condition / Observation` report, and the comparison with the `Result:` line
// of the test's header.
#pragma once

#include <string>
#include <string_view>

#include "litmus/run.hpp"
#include "model/litmus/ast.hpp"

namespace shootdown::litmus {

enum class Observation { Never, Sometimes, Always };

// On the proposition of the final condition, whatever its quantifier.
Observation observe(const Outcome& outcome);
std::string_view observation_name(Observation o);

// The kernel's Result: vocabulary: Never, Sometimes, Always, or DEADLOCK
// when no final state passes the filter.
std::string_view result_word(const Outcome& outcome);

// Whether some final state satisfies the proposition (the INDEX.tsv
// "Allowed"; otherwise "Forbidden").
inline bool allowed(const Outcome& outcome) {
    return outcome.positive > 0;
}

// herd's Ok/No: the condition holds (exists: some state, ~exists: none,
// forall: every state).
bool condition_holds(const Test& test, const Outcome& outcome);

std::string format_report(const Test& test, const Outcome& outcome);

struct Expectation {
    enum class Status { Matches, Differs, NoResultLine, UnknownWord };
    Status status = Status::NoResultLine;
    std::string expected; // the file's word
    std::string observed; // result_word()
};

// Compares with the header's `Result:` line. Never, Sometimes, Always and
// DEADLOCK must match result_word() (ignoring case); Allowed and Forbidden
// are also accepted, meaning some / no final state satisfies the condition.
Expectation compare_with_result_line(const Test& test, const Outcome& outcome);

} // namespace shootdown::litmus
