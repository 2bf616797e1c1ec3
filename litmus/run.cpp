#include "litmus/run.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "model/frontend.hpp"
#include "model/litmus/condition.hpp"
#include "model/machine/machine.hpp"

namespace shootdown::litmus {

namespace {

// What each final-state line lists: herd's order, registers by thread, then
// memory, each sorted by name.
std::vector<LocRef> shown_locations(const Test& test) {
    std::vector<LocRef> shown;
    for (const LocRef& l : test.locations)
        if (std::find(shown.begin(), shown.end(), l) == shown.end()) shown.push_back(l);
    collect_locations(test.condition, shown);
    std::stable_sort(shown.begin(), shown.end(), [](const LocRef& a, const LocRef& b) {
        if (a.thread.has_value() != b.thread.has_value()) return a.thread.has_value();
        if (a.thread != b.thread) return *a.thread < *b.thread;
        return a.name < b.name;
    });
    return shown;
}

std::uint32_t variable_id(const ir::Program& program, const LocRef& l) {
    std::string name = model_variable(l);
    for (std::uint32_t i = 0; i < program.variables.size(); ++i)
        if (program.variables[i].name == name) return i;
    throw std::logic_error(fmt::format("litmus: the generated model has no variable `{}`", name));
}

} // namespace

Outcome run(const Test& test, const Translation& translation, ir::MemoryModel memory) {
    LoadOptions options;
    options.memory = memory;
    options.store_buffer = translation.store_buffer;
    LoadResult loaded = load_model_text(test.name + ".sd", translation.model, options);
    if (!loaded.program)
        throw std::logic_error(
            fmt::format("litmus: the model generated for {} does not load:\n{}\n{}", test.name,
                        lang::render_all(*loaded.sources, loaded.diagnostics), translation.model));
    const ir::Program& program = *loaded.program;
    machine::Machine machine(program);

    Outcome o;
    o.memory = memory;
    o.store_buffer = memory == ir::MemoryModel::TSO ? program.cpu.sb_capacity : 0;
    o.shown = shown_locations(test);
    // Read: the shown locations first, then those only the filter mentions.
    std::vector<LocRef> read = o.shown;
    if (test.filter) collect_locations(*test.filter, read);
    std::vector<std::uint32_t> variables;
    for (const LocRef& l : read)
        variables.push_back(variable_id(program, l));

    std::map<std::vector<std::int64_t>, FinalState> lines;
    std::vector<std::int64_t> values(read.size());
    auto value_of = [&](const LocRef& l) {
        auto at = std::find(read.begin(), read.end(), l);
        return values[static_cast<std::size_t>(at - read.begin())];
    };
    checker::SearchOptions search;
    search.check_deadlock = false; // a thread stuck on a lock has no final state; not an error
    search.on_terminal = [&](const std::byte* state) {
        for (std::size_t i = 0; i < read.size(); ++i)
            values[i] = machine.read_variable(state, variables[i], 0);
        if (test.filter && !holds(*test.filter, value_of)) {
            ++o.filtered_out;
            return;
        }
        bool satisfies = holds(test.condition, value_of);
        ++(satisfies ? o.positive : o.negative);
        std::vector<std::int64_t> key(values.begin(),
                                      values.begin() + static_cast<std::ptrdiff_t>(o.shown.size()));
        FinalState& line = lines[key];
        line.values = key;
        line.satisfies = satisfies;
        ++line.count;
    };
    checker::SearchResult result = checker::search(machine, search);
    if (result.verdict == checker::Verdict::Violation)
        throw std::logic_error(
            fmt::format("litmus: the model generated for {} broke a run-time check: {}", test.name,
                        machine.property_name(result.counterexample->property)));
    // The buffer holds as many entries as a thread has stores, so the bound
    // never makes a store wait: TSO here is exact, not a bounded variant.
    if (machine.store_buffer_full_count() != 0)
        throw std::logic_error(
            fmt::format("litmus: the store buffer of {} entries was too small for {}",
                        program.cpu.sb_capacity, test.name));
    if (result.verdict == checker::Verdict::Incomplete)
        throw std::logic_error(fmt::format("litmus: the search of {} was incomplete", test.name));
    o.stats = result.stats;
    for (auto& [key, line] : lines)
        o.states.push_back(std::move(line));
    return o;
}

} // namespace shootdown::litmus
