#include "litmus/report.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "model/litmus/condition.hpp"

namespace shootdown::litmus {

Observation observe(const Outcome& o) {
    if (o.positive == 0) return Observation::Never;
    return o.negative == 0 ? Observation::Always : Observation::Sometimes;
}

std::string_view observation_name(Observation o) {
    switch (o) {
    case Observation::Never:
        return "Never";
    case Observation::Sometimes:
        return "Sometimes";
    case Observation::Always:
        return "Always";
    }
    return "Never";
}

std::string_view result_word(const Outcome& o) {
    if (o.positive + o.negative == 0) return "DEADLOCK";
    return observation_name(observe(o));
}

bool condition_holds(const Test& test, const Outcome& o) {
    switch (test.quantifier) {
    case Quantifier::Exists:
        return o.positive > 0;
    case Quantifier::NotExists:
        return o.positive == 0;
    case Quantifier::Forall:
        return o.negative == 0;
    }
    return false;
}

namespace {

std::string_view test_kind(Quantifier q) {
    switch (q) {
    case Quantifier::Exists:
        return "Allowed";
    case Quantifier::NotExists:
        return "Forbidden";
    case Quantifier::Forall:
        return "Required";
    }
    return "Allowed";
}

std::string_view quantifier_text(Quantifier q) {
    switch (q) {
    case Quantifier::Exists:
        return "exists";
    case Quantifier::NotExists:
        return "~exists";
    case Quantifier::Forall:
        return "forall";
    }
    return "exists";
}

std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

std::string format_report(const Test& test, const Outcome& o) {
    std::string out = fmt::format("Test {} {}\n", test.name, test_kind(test.quantifier));
    out += fmt::format("States {}\n", o.states.size());
    std::uint64_t largest = 1;
    for (const FinalState& s : o.states)
        largest = std::max(largest, s.count);
    const int width = static_cast<int>(std::to_string(largest).size());
    for (const FinalState& s : o.states) {
        // litmus7's histogram style: the count, then `*>` where the proposition holds.
        std::string values;
        for (std::size_t i = 0; i < o.shown.size(); ++i)
            values += fmt::format("{}={}; ", o.shown[i].text(), s.values[i]);
        if (!values.empty()) values.pop_back();
        out += fmt::format("{:>{}} {}>{}\n", s.count, width, s.satisfies ? '*' : ':', values);
    }
    out += condition_holds(test, o) ? "Ok\n" : "No\n";
    out += fmt::format("Witnesses\nPositive: {} Negative: {}\n", o.positive, o.negative);
    out += fmt::format("Condition {} ({})\n", quantifier_text(test.quantifier),
                       to_string(test.condition));
    out += fmt::format("Observation {} {} {} {}\n", test.name, observation_name(observe(o)),
                       o.positive, o.negative);
    std::string model = o.memory == ir::MemoryModel::TSO
                            ? fmt::format("x86-TSO, store buffer {}", o.store_buffer)
                            : std::string("SC");
    out += fmt::format("Explored {} states, {} transitions ({}); {} final state{}", o.stats.states,
                       o.stats.transitions, model, o.positive + o.negative + o.filtered_out,
                       o.positive + o.negative + o.filtered_out == 1 ? "" : "s");
    if (test.filter)
        out += fmt::format(", {} dropped by filter ({})", o.filtered_out, to_string(*test.filter));
    out += "\n";
    return out;
}

Expectation compare_with_result_line(const Test& test, const Outcome& o) {
    Expectation e;
    e.observed = std::string(result_word(o));
    if (!test.result) return e;
    e.expected = *test.result;
    std::string want = lowercase(*test.result);
    bool matches = false;
    if (want == "never" || want == "sometimes" || want == "always" || want == "deadlock")
        matches = want == lowercase(e.observed);
    else if (want == "allowed")
        matches = allowed(o);
    else if (want == "forbidden")
        matches = !allowed(o);
    else {
        e.status = Expectation::Status::UnknownWord;
        return e;
    }
    e.status = matches ? Expectation::Status::Matches : Expectation::Status::Differs;
    return e;
}

} // namespace shootdown::litmus
