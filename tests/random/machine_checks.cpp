#include "tests/random/machine_checks.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>

#include "model/machine/trace.hpp"
#include "model/machine/trace_json.hpp"

namespace shootdown::random_models {

using checker::Successors;

namespace {

bool same_successors(const Successors& a, const Successors& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a.violation(i) != b.violation(i) ||
            std::memcmp(a.state(i), b.state(i), a.state_bytes()) != 0) {
            return false;
        }
    }
    return true;
}

std::optional<std::string> nonzero_tail(const machine::Machine& m, const Successors& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        for (std::size_t b = m.packed_bytes(); b < m.state_bytes(); ++b) {
            if (s.state(i)[b] != std::byte{0}) {
                return "successor " + std::to_string(i) + " has byte " + std::to_string(b) +
                       " set past packed_bytes() = " + std::to_string(m.packed_bytes());
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> check_state_bytes(const machine::Machine& machine,
                                             const std::byte* state, bool describe_steps) {
    Successors first(machine.state_bytes()), second(machine.state_bytes());
    machine.successors(state, first);
    // From a copy of the state, not the same pointer: nothing may depend on where it is.
    std::vector<std::byte> copy(state, state + machine.state_bytes());
    machine.successors(copy.data(), second);
    if (!same_successors(first, second)) return "successors() is not deterministic";
    if (std::optional<std::string> p = nonzero_tail(machine, first)) return p;
    if (!describe_steps) return std::nullopt;
    for (std::size_t i = 0; i < first.size(); ++i) {
        const machine::StepDescription d = machine.describe(state, static_cast<std::uint32_t>(i));
        if (d.violation != first.violation(i)) {
            return "describe() of step " + std::to_string(i) + " reports violation " +
                   std::to_string(d.violation) + ", successors() " +
                   std::to_string(first.violation(i));
        }
        if (first.violation(i) == checker::kNoProperty &&
            (d.after.size() != machine.state_bytes() ||
             std::memcmp(d.after.data(), first.state(i), machine.state_bytes()) != 0)) {
            return "describe() of step " + std::to_string(i) + " ends in another state";
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_trace(const machine::Machine& machine,
                                       const checker::Counterexample& c,
                                       const GeneratedModel& model) {
    const machine::Trace trace = machine::build_trace(machine, c);
    if (machine::render_text(machine, trace).empty()) return "the text trace is empty";
    const machine::TraceContext context{
        "random.sd", model.variant, {}, model.tso ? "tso" : "sc", model.store_buffer};
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("shootdown-random-" + std::to_string(model.seed) + ".json"))
                                 .string();
    std::ofstream(path) << machine::render_json(machine, trace, context);
    std::string error;
    std::optional<machine::TraceFile> file = machine::parse_trace_json(path, error);
    std::filesystem::remove(path);
    if (!file) return "the JSON trace does not parse: " + error;
    const machine::ReplayResult r = machine::replay(machine, *file);
    if (!r.replayed || !r.confirmed) return "the JSON trace does not replay: " + r.message;
    return std::nullopt;
}

CpuSymmetryCheck::CpuSymmetryCheck(const machine::Machine& machine) : machine_(machine) {
    const ir::Program& program = machine.program();
    for (std::uint32_t v = 0; v < program.variables.size(); ++v) {
        const ir::Variable& var = program.variables[v];
        if (!var.per_cpu) continue;
        cpus_ = var.extents.front();
        const ir::Type& type = program.types[var.type];
        if (type.kind == ir::Type::Kind::Cpumask || type.is_cpu) continue;
        variables_.push_back(v);
    }
    if (cpus_ == 0) {
        for (const ir::Type& t : program.types) {
            if (t.kind == ir::Type::Kind::Scalarset && t.is_cpu) cpus_ = t.size();
        }
    }
    counts_.resize(cpus_);
}

std::string CpuSymmetryCheck::view(const std::byte* state, std::uint32_t cpu) const {
    std::string key = std::to_string(machine_.pc(state, cpu, false)) + "," +
                      std::to_string(machine_.pc(state, cpu, true)) + "," +
                      (machine_.in_irq(state, cpu) ? "irq" : "-");
    for (const std::uint32_t v : variables_) {
        const std::uint32_t per_cpu = machine_.program().variables[v].element_count / cpus_;
        for (std::uint32_t e = 0; e < per_cpu; ++e) {
            key += "," + std::to_string(machine_.read_variable(state, v, cpu * per_cpu + e));
        }
    }
    return key;
}

void CpuSymmetryCheck::add(const std::byte* state) {
    for (std::uint32_t cpu = 0; cpu < cpus_; ++cpu)
        ++counts_[cpu][view(state, cpu)];
}

std::optional<std::string> CpuSymmetryCheck::problem() const {
    for (std::uint32_t cpu = 1; cpu < cpus_; ++cpu) {
        if (counts_[cpu] == counts_[0]) continue;
        for (const auto& [key, n] : counts_[0]) {
            auto other = counts_[cpu].find(key);
            const std::uint64_t m = other == counts_[cpu].end() ? 0 : other->second;
            if (m != n) {
                return "CPU 0 has view (pc, irq pc, in irq, per_cpu values) " + key + " in " +
                       std::to_string(n) + " states, CPU " + std::to_string(cpu) + " in " +
                       std::to_string(m);
            }
        }
        return "CPU " + std::to_string(cpu) + " has views CPU 0 never has";
    }
    return std::nullopt;
}

} // namespace shootdown::random_models
