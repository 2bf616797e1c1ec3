#include "tests/random/machine_checks.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>

#include "model/machine/trace.hpp"
#include "model/machine/trace_json.hpp"
#include "properties/render_json.hpp"
#include "properties/report.hpp"

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
    const properties::RunContext context{
        "random.sd", model.variant, {}, model.tso ? "tso" : "sc", model.store_buffer};
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("shootdown-random-" + std::to_string(model.seed) + ".json"))
                                 .string();
    std::ofstream(path) << properties::render_json(context,
                                                   properties::describe_violation(machine, trace));
    std::string error;
    std::optional<machine::TraceFile> file = machine::parse_trace_json(path, error);
    std::filesystem::remove(path);
    if (!file) return "the JSON trace does not parse: " + error;
    const machine::ReplayResult r = machine::replay(machine, *file);
    if (!r.replayed || !r.confirmed) return "the JSON trace does not replay: " + r.message;
    return std::nullopt;
}

SymmetryCheck::SymmetryCheck(const machine::Machine& machine, const std::string& type)
    : machine_(machine), cpus_(type.empty()) {
    const ir::Program& program = machine.program();
    auto is_t = [&](ir::TypeId id) {
        const ir::Type& t = program.types[id];
        return t.kind == ir::Type::Kind::Scalarset && (cpus_ ? t.is_cpu : t.name == type);
    };
    for (ir::TypeId id = 0; id < program.types.size(); ++id) {
        if (is_t(id)) size_ = program.types[id].size();
    }
    for (std::uint32_t v = 0; v < program.variables.size(); ++v) {
        const ir::Variable& var = program.variables[v];
        const ir::Type& value = program.types[var.type];
        if (is_t(var.type) || (cpus_ && value.kind == ir::Type::Kind::Cpumask)) continue;
        for (std::uint32_t d = 0; d < var.index_types.size(); ++d) {
            if (is_t(var.index_types[d])) slices_.push_back({v, d});
        }
    }
    counts_.resize(size_);
}

// Appends every element of the slice's variable whose index in its
// dimension is `value`, in order.
void SymmetryCheck::append_slice(std::string& key, const std::byte* state, const Slice& slice,
                                 std::uint32_t value) const {
    const ir::Variable& var = machine_.program().variables[slice.variable];
    for (std::uint32_t e = 0; e < var.element_count; ++e) {
        std::uint32_t rest = e;
        std::uint32_t index = 0;
        for (std::uint32_t d = static_cast<std::uint32_t>(var.extents.size()); d-- > 0;) {
            if (d == slice.dimension) index = rest % var.extents[d];
            rest /= var.extents[d];
        }
        if (index == value) {
            key += "," + std::to_string(machine_.read_variable(state, slice.variable, e));
        }
    }
    key += ";";
}

std::string SymmetryCheck::view(const std::byte* state, std::uint32_t value) const {
    std::string key;
    if (cpus_) {
        key = std::to_string(machine_.pc(state, value, false)) + "," +
              std::to_string(machine_.pc(state, value, true)) +
              (machine_.in_irq(state, value) ? ",irq" : ",-");
    }
    for (const Slice& slice : slices_)
        append_slice(key, state, slice, value);
    return key;
}

void SymmetryCheck::add(const std::byte* state) {
    for (std::uint32_t value = 0; value < size_; ++value)
        ++counts_[value][view(state, value)];
}

std::optional<std::string> SymmetryCheck::problem() const {
    const std::string what = cpus_ ? "CPU " : "value ";
    for (std::uint32_t value = 1; value < size_; ++value) {
        if (counts_[value] == counts_[0]) continue;
        for (const auto& [key, n] : counts_[0]) {
            auto other = counts_[value].find(key);
            const std::uint64_t m = other == counts_[value].end() ? 0 : other->second;
            if (m != n) {
                return what + "0 has view " + key + " in " + std::to_string(n) + " states, " +
                       what + std::to_string(value) + " in " + std::to_string(m);
            }
        }
        return what + std::to_string(value) + " has views " + what + "0 never has";
    }
    return std::nullopt;
}

} // namespace shootdown::random_models
