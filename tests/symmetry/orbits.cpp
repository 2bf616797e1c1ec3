#include "tests/symmetry/orbits.hpp"

#include <deque>
#include <stdexcept>

#include "checker/successors.hpp"

namespace shootdown::tests {

namespace {

std::unique_ptr<Loaded> finish(LoadResult r) {
    if (!r.program) throw std::runtime_error(lang::render_all(*r.sources, r.diagnostics));
    auto out = std::make_unique<Loaded>();
    out->result = std::move(r);
    const ir::Program& p = *out->result.program;
    out->machine = std::make_unique<machine::Machine>(p);
    out->check = machine::check_symmetry(p);
    out->symmetry = std::make_unique<machine::Symmetry>(p, out->check);
    return out;
}

} // namespace

std::unique_ptr<Loaded> load_file(const std::string& path, const LoadOptions& options) {
    LoadOptions o = options;
    o.library_dirs.push_back(SHOOTDOWN_SOURCE_DIR "/model/lib");
    return finish(load_model(path, o));
}

std::unique_ptr<Loaded> load_text(const std::string& text, const LoadOptions& options) {
    return finish(load_model_text("test.sd", text, options));
}

std::vector<State> reachable(const machine::Machine& m) {
    std::size_t n = m.state_bytes();
    checker::Successors out(n);
    m.initial_states(out);
    std::set<State> seen;
    std::deque<State> queue;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (seen.emplace(out.state(i), out.state(i) + n).second)
            queue.emplace_back(out.state(i), out.state(i) + n);
    std::vector<State> all;
    while (!queue.empty()) {
        State s = std::move(queue.front());
        queue.pop_front();
        all.push_back(s);
        out.clear();
        m.successors(s.data(), out);
        for (std::size_t i = 0; i < out.size(); ++i) {
            if (out.violation(i) != checker::kNoProperty) continue;
            State t(out.state(i), out.state(i) + n);
            if (seen.insert(t).second) queue.push_back(std::move(t));
        }
    }
    return all;
}

std::size_t brute_force_orbits(const machine::Symmetry& s, const std::vector<State>& states) {
    std::vector<machine::Symmetry::Permutation> group = s.all_permutations();
    std::set<State> keys;
    State image(s.state_bytes());
    for (const State& state : states) {
        State least = state;
        for (const auto& g : group) {
            s.apply(g, state.data(), image.data());
            if (image < least) least = image;
        }
        keys.insert(std::move(least));
    }
    return keys.size();
}

State canonical(const machine::Symmetry& s, const State& state) {
    State out = state, a(state.size()), b(state.size());
    s.canonicalize(out.data(), a.data(), b.data());
    return out;
}

} // namespace shootdown::tests
