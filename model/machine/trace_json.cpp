#include "model/machine/trace_json.hpp"

#include <sstream>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <fmt/format.h>

namespace shootdown::machine {

std::optional<TraceFile> parse_trace_json(const std::string& path, std::string& error) {
    namespace pt = boost::property_tree;
    pt::ptree root;
    try {
        pt::read_json(path, root);
    } catch (const pt::json_parser_error& e) {
        error = fmt::format("{}:{}: error: malformed JSON: {}", path, e.line(), e.message());
        return std::nullopt;
    }
    TraceFile f;
    try {
        if (root.get<std::string>("format") != "shootdown-trace")
            throw std::runtime_error("`format` is not \"shootdown-trace\"");
        if (root.get<int>("version") != 1)
            throw std::runtime_error("unsupported `version` (expected 1)");
        f.context.model = root.get<std::string>("model");
        f.context.variant = root.get<std::string>("variant", "");
        f.context.memory = root.get<std::string>("memory", "sc");
        f.context.store_buffer = root.get<std::uint32_t>("store_buffer", 2);
        if (auto params = root.get_child_optional("params"))
            for (const auto& [name, v] : *params)
                f.context.params.emplace_back(name, v.get_value<std::int64_t>());
        f.kind = root.get<std::string>("violation.kind");
        f.violation = root.get<std::string>("violation.property");
        f.initial = root.get<std::uint32_t>("initial", 0);
        for (const auto& [unused, step] : root.get_child("steps")) {
            f.ordinals.push_back(step.get<std::uint32_t>("ordinal"));
            f.cpus.push_back(step.get<std::uint32_t>("cpu"));
        }
    } catch (const std::exception& e) {
        error = fmt::format("{}:1: error: not a shootdown trace: {}", path, e.what());
        return std::nullopt;
    }
    return f;
}

ReplayResult replay(const Machine& m, const TraceFile& f) {
    ReplayResult r;
    checker::Successors initial(m.state_bytes());
    m.initial_states(initial);
    if (f.initial >= initial.size()) {
        r.message = "the trace starts from an initial state the model does not have";
        return r;
    }
    r.trace.initial.assign(initial.state(f.initial), initial.state(f.initial) + m.state_bytes());
    std::vector<std::byte> current = r.trace.initial;
    checker::Successors next(m.state_bytes());
    for (std::size_t i = 0; i < f.ordinals.size(); ++i) {
        next.clear();
        m.successors(current.data(), next);
        if (f.ordinals[i] >= next.size()) {
            r.message =
                fmt::format("step {} does not exist in this model (it has {} possible steps there)",
                            i + 1, next.size());
            return r;
        }
        TraceStep step{f.ordinals[i], m.describe(current.data(), f.ordinals[i])};
        if (step.step.origin.cpu != f.cpus[i]) {
            r.message = fmt::format("step {} runs on CPU{} here but on CPU{} in the trace", i + 1,
                                    step.step.origin.cpu, f.cpus[i]);
            return r;
        }
        current = step.step.after;
        r.trace.steps.push_back(std::move(step));
    }
    r.replayed = true;
    const StepDescription* last = r.trace.steps.empty() ? nullptr : &r.trace.steps.back().step;
    if (f.kind == "step") {
        r.trace.kind = checker::ViolationKind::Step;
        r.trace.property = last ? last->violation : checker::kNoProperty;
        r.confirmed = last && last->violation != checker::kNoProperty &&
                      m.property_name(last->violation) == f.violation;
    } else if (f.kind == "deadlock") {
        r.trace.kind = checker::ViolationKind::Deadlock;
        next.clear();
        m.successors(current.data(), next);
        r.confirmed = next.empty() && !m.may_terminate(current.data());
    } else {
        r.trace.kind = checker::ViolationKind::Invariant;
        r.trace.property = m.check_state(current.data());
        r.confirmed = r.trace.property != checker::kNoProperty &&
                      m.property_name(r.trace.property) == f.violation;
    }
    r.message =
        r.confirmed
            ? fmt::format("confirmed: {} after {} steps", f.violation, f.ordinals.size())
            : fmt::format("the trace replays, but does not end in a violation of {}", f.violation);
    return r;
}

} // namespace shootdown::machine
