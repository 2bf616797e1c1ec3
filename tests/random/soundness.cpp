#include "tests/random/soundness.hpp"

#include <deque>
#include <string_view>
#include <unordered_set>

namespace shootdown::random_models {

using checker::Counterexample;
using checker::kNoProperty;
using checker::PropertyId;
using checker::Successors;
using checker::TransitionSystem;
using checker::Verdict;
using checker::ViolationKind;

namespace {

using Bytes = std::vector<std::byte>;

std::string describe(const checker::SearchResult& r) {
    switch (r.verdict) {
    case Verdict::NoViolation:
        return "no violation, " + std::to_string(r.stats.states) + " states, " +
               std::to_string(r.stats.transitions) + " transitions";
    case Verdict::Incomplete:
        return "incomplete";
    case Verdict::Violation:
        break;
    }
    static const char* kKinds[] = {"invariant", "step", "deadlock"};
    const Counterexample& c = *r.counterexample;
    return std::string("violation (") + kKinds[static_cast<int>(c.kind)] + " " +
           std::to_string(c.property) + ") in " + std::to_string(c.path.steps.size()) + " steps";
}

std::optional<std::string> count_problem(Counts counts, const GeneratedModel& model,
                                         const checker::Statistics& got,
                                         const checker::Statistics& want) {
    switch (counts) {
    case Counts::Equal:
        if (got.states == want.states && got.transitions == want.transitions) return std::nullopt;
        return "counts differ";
    case Counts::AtMost:
        if (got.states <= want.states && got.transitions <= want.transitions) return std::nullopt;
        return "more states or transitions than the reference";
    case Counts::Orbits: {
        const std::uint64_t group = model.symmetry_group_size();
        if (got.states <= want.states && got.states * group >= want.states &&
            got.transitions <= want.transitions) {
            return std::nullopt;
        }
        return "states not between reference/" + std::to_string(group) + " and reference";
    }
    case Counts::Any:
        return std::nullopt;
    }
    return std::nullopt;
}

std::size_t length(const checker::SearchResult& r) {
    return r.counterexample->path.steps.size();
}

} // namespace

std::optional<std::string> replay_problem(const TransitionSystem& system, const Counterexample& c) {
    Successors choices(system.state_bytes());
    system.initial_states(choices);
    if (c.path.initial >= choices.size()) return "the initial ordinal names no initial state";
    std::uint32_t ordinal = c.path.initial;
    for (std::size_t step = 0;; ++step) {
        const bool last = step == c.path.steps.size();
        const PropertyId marked = choices.violation(ordinal);
        if (marked != kNoProperty) {
            if (last && c.kind == ViolationKind::Step && marked == c.property) return std::nullopt;
            return "step " + std::to_string(step) + " is marked as violating " +
                   std::to_string(marked) + " before the end";
        }
        const std::byte* at = choices.state(ordinal);
        Bytes state(at, at + system.state_bytes());
        const PropertyId broken = system.check_state(state.data());
        if (last) {
            if (c.kind == ViolationKind::Invariant) {
                if (broken == c.property) return std::nullopt;
                return "the last state violates " + std::to_string(broken) + ", not " +
                       std::to_string(c.property);
            }
            if (c.kind == ViolationKind::Step) return "the last step is not marked as violating";
            choices.clear();
            system.successors(state.data(), choices);
            if (choices.empty() && !system.may_terminate(state.data())) return std::nullopt;
            return "the last state is not a deadlock";
        }
        if (broken != kNoProperty) {
            return "state " + std::to_string(step) + " already violates " + std::to_string(broken);
        }
        choices.clear();
        system.successors(state.data(), choices);
        ordinal = c.path.steps[step];
        if (ordinal >= choices.size()) {
            return "step " + std::to_string(step) + " names successor " + std::to_string(ordinal) +
                   " of " + std::to_string(choices.size());
        }
    }
}

Run run_search(std::unique_ptr<TransitionSystem> system, checker::SearchOptions options) {
    if (options.max_states == 0) options.max_states = kMaxStates;
    Run run;
    if (!options.on_terminal) {
        options.on_terminal = [&run](const std::byte*) { ++run.terminals; };
    }
    run.result = checker::search(*system, options);
    run.system = std::move(system);
    return run;
}

std::vector<std::string> compare(const GeneratedModel& model, const Configuration& config,
                                 const Run& run, const Run& reference) {
    std::vector<std::string> problems;
    auto problem = [&](const std::string& what) {
        problems.push_back(config.name + ": " + what + "; got " + describe(run.result) +
                           ", reference " + describe(reference.result));
    };
    const checker::SearchResult& got = run.result;
    const checker::SearchResult& want = reference.result;
    if (!run.problem.empty()) problem(run.problem);
    if (got.verdict == Verdict::Violation) {
        if (std::optional<std::string> p = replay_problem(*run.system, *got.counterexample)) {
            problem("the counterexample does not replay: " + *p);
        }
    }
    // A search that stops at the state limit before it reaches the
    // reference's violation (DFS going deep first) proves nothing either way.
    if (got.verdict == Verdict::Incomplete && want.verdict == Verdict::Violation) return problems;
    if (got.verdict != want.verdict) {
        const bool missed =
            got.verdict == Verdict::NoViolation && want.verdict == Verdict::Violation;
        if (!(missed && config.may_miss_violations)) problem("verdicts differ");
        return problems;
    }
    if (got.verdict == Verdict::NoViolation) {
        if (std::optional<std::string> p =
                count_problem(config.counts, model, got.stats, want.stats)) {
            problem(*p);
        }
        if (config.counts == Counts::Equal && run.terminals != reference.terminals) {
            problem("final states differ: " + std::to_string(run.terminals) + " vs " +
                    std::to_string(reference.terminals));
        }
    } else if (got.verdict == Verdict::Violation) {
        // The reference's deadlock check runs when a state is expanded, so
        // it may first find an invariant broken one step beyond a deadlock.
        const bool after_deadlock = got.counterexample->kind == ViolationKind::Deadlock &&
                                    want.counterexample->kind != ViolationKind::Deadlock;
        // Either search may meet an invariant one level below a deadlock
        // first, depending on the order within the level.
        const bool want_after_deadlock = want.counterexample->kind == ViolationKind::Deadlock &&
                                         got.counterexample->kind != ViolationKind::Deadlock;
        const bool longer =
            config.shortest && length(got) > length(want) + (want_after_deadlock ? 1 : 0);
        if (longer || length(want) > length(got) + (after_deadlock ? 1 : 0)) {
            problem("the reference's counterexample is not the shortest");
        }
    }
    return problems;
}

namespace {

checker::SearchResult bounded_bfs(const TransitionSystem& system, std::uint32_t max_depth) {
    checker::SearchOptions options;
    options.max_depth = max_depth;
    options.max_states = kMaxStates;
    return checker::search(system, options);
}

} // namespace

std::vector<std::string> check_depth_bounds(const TransitionSystem& system, const Run& reference) {
    std::vector<std::string> problems;
    const checker::SearchResult& r = reference.result;
    auto problem = [&](std::uint32_t bound, const std::string& what,
                       const checker::SearchResult& got) {
        problems.push_back("max_depth " + std::to_string(bound) + ": " + what + "; got " +
                           describe(got) + ", reference " + describe(r) + ", depth " +
                           std::to_string(r.stats.depth));
    };
    if (r.verdict == Verdict::NoViolation) {
        // One level more than the deepest state: nothing is cut off.
        const std::uint32_t beyond = r.stats.depth + 1;
        const checker::SearchResult all = bounded_bfs(system, beyond);
        if (all.verdict != Verdict::NoViolation || all.stats.states != r.stats.states ||
            all.stats.transitions != r.stats.transitions) {
            problem(beyond, "should change nothing", all);
        }
        // At the deepest level: every state is stored, the last level not expanded.
        if (r.stats.depth == 0) return problems;
        const checker::SearchResult cut = bounded_bfs(system, r.stats.depth);
        if (cut.verdict == Verdict::Violation || cut.stats.states != r.stats.states) {
            problem(r.stats.depth, "should store every state", cut);
        }
    } else if (r.verdict == Verdict::Violation) {
        const auto steps = static_cast<std::uint32_t>(length(r));
        if (steps == 0) return problems;
        const checker::SearchResult same = bounded_bfs(system, steps);
        if (same.verdict != Verdict::Violation || length(same) != steps ||
            same.counterexample->property != r.counterexample->property) {
            problem(steps, "should find the same violation", same);
        }
        if (steps < 2) return problems;
        // One short: only a deadlock at that depth may still be found.
        const checker::SearchResult shorter = bounded_bfs(system, steps - 1);
        if (shorter.verdict == Verdict::NoViolation ||
            (shorter.verdict == Verdict::Violation &&
             (shorter.counterexample->kind != ViolationKind::Deadlock ||
              length(shorter) >= steps))) {
            problem(steps - 1, "should be incomplete", shorter);
        }
    }
    return problems;
}

OracleResult explore(const TransitionSystem& system, std::uint64_t max_states,
                     const StateInspector& inspect) {
    OracleResult out;
    const std::size_t bytes = system.state_bytes();
    std::unordered_set<std::string> seen;
    std::vector<std::string> level, next;
    Successors choices(bytes);
    auto add = [&](const std::byte* state, std::uint32_t depth) {
        std::string key(reinterpret_cast<const char*>(state), bytes);
        if (!seen.insert(key).second) return;
        if (system.check_state(state) != kNoProperty) {
            out.invariant_or_step = std::min(out.invariant_or_step, depth);
        }
        if (inspect && out.problem.empty()) {
            if (std::optional<std::string> p = inspect(state, seen.size() - 1)) {
                out.problem = "state " + std::to_string(seen.size() - 1) + ": " + *p;
            }
        }
        next.push_back(std::move(key));
    };
    system.initial_states(choices);
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (choices.violation(i) != kNoProperty) out.invariant_or_step = 0;
        add(choices.state(i), 0);
    }
    for (std::uint32_t depth = 0; !next.empty(); ++depth) {
        level.swap(next);
        next.clear();
        for (const std::string& key : level) {
            const auto* state = reinterpret_cast<const std::byte*>(key.data());
            choices.clear();
            system.successors(state, choices);
            if (choices.empty()) {
                if (system.may_terminate(state)) {
                    ++out.terminals;
                } else {
                    out.deadlock = std::min(out.deadlock, depth);
                }
            }
            out.transitions += choices.size();
            for (std::size_t i = 0; i < choices.size(); ++i) {
                if (choices.violation(i) != kNoProperty) {
                    out.invariant_or_step = std::min(out.invariant_or_step, depth + 1);
                } else {
                    add(choices.state(i), depth + 1);
                }
            }
        }
        if (seen.size() > max_states) {
            out.complete = false;
            break;
        }
        // Level `depth` expanded: every violation within depth + 1 steps and
        // every deadlock within depth steps is known, which settles the
        // shortest counterexample; the counts only matter without one.
        if (out.invariant_or_step != UINT32_MAX || out.deadlock != UINT32_MAX) break;
    }
    out.states = seen.size();
    return out;
}

std::vector<std::string> compare_with_oracle(const Run& reference, const OracleResult& oracle) {
    std::vector<std::string> problems;
    const checker::SearchResult& r = reference.result;
    if (!oracle.problem.empty()) problems.push_back(oracle.problem);
    if (!oracle.complete || r.verdict == Verdict::Incomplete) return problems;
    const std::uint32_t m = oracle.invariant_or_step, k = oracle.deadlock;
    const std::string seen =
        "oracle: shortest invariant/step violation " +
        (m == UINT32_MAX ? "none" : std::to_string(m)) + ", deadlock " +
        (k == UINT32_MAX ? "none" : std::to_string(k)) + ", " + std::to_string(oracle.states) +
        " states, " + std::to_string(oracle.transitions) + " transitions, " +
        std::to_string(oracle.terminals) + " final states; reference " + describe(r) + ", " +
        std::to_string(reference.terminals) + " final states";
    if ((r.verdict == Verdict::Violation) != (m != UINT32_MAX || k != UINT32_MAX)) {
        problems.push_back("verdicts differ: " + seen);
    } else if (r.verdict == Verdict::NoViolation) {
        if (r.stats.states != oracle.states || r.stats.transitions != oracle.transitions ||
            reference.terminals != oracle.terminals) {
            problems.push_back("counts differ: " + seen);
        }
    } else {
        // Level by level, a deadlock at level k is found while expanding
        // level k, possibly after an invariant or step violation at k + 1.
        const std::size_t len = length(r);
        const bool ok = m <= k ? len == m : (len == k || (len == k + 1 && m == k + 1));
        if (!ok) problems.push_back("the counterexample is not the shortest: " + seen);
    }
    return problems;
}

} // namespace shootdown::random_models
