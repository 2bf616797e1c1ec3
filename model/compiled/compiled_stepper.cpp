#include "model/compiled/compiled_stepper.hpp"

#include <array>
#include <atomic>

#include <xxhash.h>

namespace shootdown::compiled {

static_assert(checker::Successors::kDead == sd_dead && checker::kNoProperty == sd_no_property,
              "the ABI's markers are the checker's");

namespace {

std::uint64_t hash(const void* data, std::size_t bytes) {
    return XXH3_64bits(data, bytes);
}

void lend(checker::Successors& out, sd_successors& s) {
    s.data = out.data();
    s.violations = out.violation_data();
    s.groups = out.group_data();
    s.capacity = out.capacity();
}

void grow(sd_successors* s) {
    auto& out = *static_cast<checker::Successors*>(s->host);
    out.set_size(s->count);
    out.grow();
    lend(out, *s);
}

// Statistics the module returns on the stack; more than this many and the
// interpreter checks the state instead.
constexpr std::size_t kMaxStatistics = 64;

} // namespace

CompiledStepper::CompiledStepper(std::shared_ptr<LoadedModule> module,
                                 const machine::Stepper& interpreter, std::size_t statistics)
    : module_(std::move(module)), m_(module_->module()), interpreter_(interpreter),
      statistics_(statistics), host_{&hash, &bound_hits_} {}

void CompiledStepper::successors(const std::byte* state, checker::Successors& out) const {
    sd_successors s{};
    lend(out, s);
    s.count = out.size();
    s.host = &out;
    s.grow = &grow;
    s.stop = out.stop_flag();
    m_.successors(state, &s, &host_);
    out.set_size(s.count);
    out.compact();
}

checker::PropertyId CompiledStepper::check_state(const std::byte* state,
                                                 machine::StatisticTotals* stats) const {
    if (statistics_ > kMaxStatistics) return interpreter_.check_state(state, stats);
    std::array<std::int64_t, kMaxStatistics> values;
    std::uint32_t recorded = 0;
    const std::uint32_t id = m_.check_state(state, values.data(), &recorded);
    if (stats)
        for (std::uint32_t i = 0; i < recorded; ++i)
            stats->record(i, values[i]);
    return id;
}

std::uint64_t CompiledStepper::bound_hits() const {
    return std::atomic_ref<std::uint64_t>(bound_hits_).load(std::memory_order_relaxed);
}

} // namespace shootdown::compiled
