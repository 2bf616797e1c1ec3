#include "properties/reorderings.hpp"

#include <deque>

#include "model/machine/format.hpp"

namespace shootdown::properties {

using machine::Event;

namespace {

struct Buffered {
    std::uint32_t variable, element;
    std::size_t step;
    bool observed = false;
};

} // namespace

std::vector<Reordering> find_reorderings(const machine::Machine& m, const machine::Trace& t) {
    const ir::Program& p = m.program();
    std::vector<Buffered> stores; // every store that entered a buffer, in trace order
    std::vector<std::deque<std::size_t>> buffers(p.cpus);  // indexes into `stores`, oldest first
    std::vector<std::pair<Reordering, std::size_t>> found; // with the overtaken store's index
    auto same = [](const Buffered& b, const Event& e) {
        return b.variable == e.variable && b.element == e.element;
    };
    for (std::size_t i = 0; i < t.steps.size(); ++i) {
        const machine::StepDescription& d = t.steps[i].step;
        std::uint32_t cpu = d.origin.cpu;
        for (const Event& e : d.events) {
            if (e.kind == Event::Kind::Buffer) {
                buffers[cpu].push_back(stores.size());
                stores.push_back({e.variable, e.element, i + 1});
            }
            if (e.kind == Event::Kind::Drain && !buffers[cpu].empty()) buffers[cpu].pop_front();
            if (e.kind != Event::Kind::Read ||
                p.variables[e.variable].storage != ir::Storage::Shared)
                continue;
            // A page walk is the MMU's read, not a load of the program.
            if (d.origin.kind == machine::StepKind::Hardware) continue;
            // Another CPU reading the location of a buffered store sees the old value.
            for (std::uint32_t other = 0; other < p.cpus; ++other)
                if (other != cpu)
                    for (std::size_t b : buffers[other])
                        if (same(stores[b], e)) stores[b].observed = true;
            for (std::size_t b : buffers[cpu]) {
                if (same(stores[b], e)) continue; // forwarded, not reordered
                Reordering r;
                r.cpu = cpu;
                r.store_step = stores[b].step;
                r.load_step = i + 1;
                r.store = machine::element_name(p, stores[b].variable, stores[b].element);
                r.load = machine::element_name(p, e.variable, e.element);
                r.store_span = machine::step_span(m, t.steps[stores[b].step - 1].step);
                r.load_span = machine::step_span(m, d);
                found.emplace_back(r, b);
            }
        }
    }
    // A reordering matters when another CPU missed the overtaken store.
    std::vector<Reordering> out;
    for (auto& [r, b] : found) {
        r.observed = stores[b].observed;
        out.push_back(r);
    }
    return out;
}

Reorderings reorderings_of(const machine::Machine& m, const machine::Trace& t) {
    const ir::Program& p = m.program();
    Reorderings out;
    out.tso = p.memory == ir::MemoryModel::TSO;
    if (!out.tso) return out;
    std::vector<Reordering> all = find_reorderings(m, t);
    // Show the reorderings another CPU noticed; the others are harmless here.
    std::vector<Reordering> observed;
    for (const Reordering& r : all)
        if (r.observed) observed.push_back(r);
    if (!observed.empty()) all = observed;
    for (const Reordering& r : all)
        out.notes.push_back({r.cpu, r.load, machine::location_text(p, r.load_span), r.load_step,
                             r.store, machine::location_text(p, r.store_span), r.store_step,
                             r.observed});
    return out;
}

} // namespace shootdown::properties
