#include "model/machine/machine.hpp"

#include <fmt/format.h>

#include "model/ir/memory_models.hpp"
#include "model/machine/memory/steppers.hpp"

namespace shootdown::machine {

Machine::Machine(const ir::Program& program)
    : program_(program), tables_(program), statistics_(program.statistics.size()),
      interpreter_(memory::stepper_for(tables_)), active_(interpreter_.get()) {}

void Machine::adopt_steps(std::unique_ptr<Stepper> steps) {
    compiled_ = std::move(steps);
    active_.store(compiled_.get(), std::memory_order_release);
}

std::uint64_t Machine::store_buffer_full_count() const {
    const Stepper* active = active_.load(std::memory_order_acquire);
    return interpreter_->bound_hits() + (active != interpreter_.get() ? active->bound_hits() : 0);
}

void Machine::initial_states(Successors& out) const {
    out.push(program_.initial_state.data());
}

namespace {

// One search thread's statistics, merged into the Machine's when the
// thread is done with it.
class StatisticsObserver final : public checker::StateObserver {
public:
    StatisticsObserver(StatisticsAccumulator& sink, std::size_t n) : totals(n), sink_(sink) {}
    StatisticsObserver(const StatisticsObserver&) = delete;
    StatisticsObserver& operator=(const StatisticsObserver&) = delete;
    ~StatisticsObserver() override { sink_.merge(totals); }

    StatisticTotals totals;

private:
    StatisticsAccumulator& sink_;
};

} // namespace

PropertyId Machine::check_observed(const std::byte* state, checker::StateObserver* observer) const {
    auto* mine = static_cast<StatisticsObserver*>(observer); // from make_observer()
    return steps().check_state(state, mine ? &mine->totals : nullptr);
}

std::unique_ptr<checker::StateObserver> Machine::make_observer() const {
    if (program_.statistics.empty()) return nullptr;
    return std::make_unique<StatisticsObserver>(statistics_, program_.statistics.size());
}

std::int64_t Machine::read_local(const std::byte* state, std::uint32_t local,
                                 std::uint32_t cpu) const {
    return get_field(state, tables_.layout.local(local, cpu));
}

std::vector<std::pair<std::uint32_t, std::int64_t>> Machine::store_buffer(const std::byte* state,
                                                                          std::uint32_t cpu) const {
    std::vector<std::pair<std::uint32_t, std::int64_t>> out;
    const Layout& l = tables_.layout;
    if (!ir::info(program_.memory).buffers_stores || l.cpu().sb_capacity == 0) return out;
    auto n = static_cast<std::uint32_t>(get_field(state, l.at(l.cpu().sb_count, cpu)));
    for (std::uint32_t i = 0; i < n; ++i) {
        auto loc = static_cast<std::uint32_t>(get_field(state, l.sb_location(cpu, i)));
        std::int64_t raw = get_field(state, l.sb_value(cpu, i));
        out.emplace_back(loc, raw + l.location(loc).lo);
    }
    return out;
}

std::string Machine::property_name(PropertyId id) const {
    return id == checker::kNoProperty ? "deadlock" : program_.properties.at(id).name;
}

bool Machine::may_terminate(const std::byte* state) const {
    for (std::uint32_t cpu = 0; cpu < program_.cpus; ++cpu) {
        if (program_.code[pc(state, cpu, false)].kind != ir::InstrKind::Halt) return false;
        if (!program_.irq_handlers.empty() && in_irq(state, cpu)) return false;
    }
    return true;
}

} // namespace shootdown::machine
