// Every search variant under test, each against the plain one-thread BFS.
// A new reduction is one entry: how to run it, and what it promises.
#include "tests/random/configurations.hpp"

#include <stdexcept>

#include "model/machine/machine.hpp"
#include "model/machine/self_check.hpp"
#include "model/reduce/por_system.hpp"
#include "model/reduce/symmetric_system.hpp"
#include "model/reduce/symmetry.hpp"
#include "model/reduce/symmetry_check.hpp"

namespace shootdown::random_models {

namespace {

// The Machine seen through --symmetry, owning what that needs.
class SymmetricMachine final : public checker::TransitionSystem {
public:
    explicit SymmetricMachine(const ir::Program& program)
        : machine_(program), symmetry_(program, machine::check_symmetry(program)),
          system_(machine_, symmetry_) {}

    [[nodiscard]] std::size_t state_bytes() const override { return system_.state_bytes(); }
    [[nodiscard]] std::size_t packed_bytes() const override { return system_.packed_bytes(); }
    void initial_states(checker::Successors& out) const override { system_.initial_states(out); }
    void successors(const std::byte* s, checker::Successors& out) const override {
        system_.successors(s, out);
    }
    [[nodiscard]] checker::PropertyId check_state(const std::byte* s) const override {
        return system_.check_state(s);
    }
    [[nodiscard]] checker::PropertyId check_observed(const std::byte* s,
                                                     checker::StateObserver* o) const override {
        return system_.check_observed(s, o);
    }
    [[nodiscard]] std::unique_ptr<checker::StateObserver> make_observer() const override {
        return system_.make_observer();
    }
    [[nodiscard]] bool may_terminate(const std::byte* s) const override {
        return system_.may_terminate(s);
    }
    // The counterexample as a path of the real Machine must replay too.
    [[nodiscard]] std::string unpermuted_problem(const checker::Counterexample& c) const {
        checker::Counterexample real = c;
        try {
            real.path = machine::unpermute_path(machine_, symmetry_, c.path);
        } catch (const std::exception& e) {
            return std::string("unpermute_path throws: ") + e.what();
        }
        std::optional<std::string> p = replay_problem(machine_, real);
        return p ? "the unpermuted counterexample does not replay: " + *p : "";
    }

private:
    machine::Machine machine_;
    machine::Symmetry symmetry_;
    machine::SymmetricSystem system_;
};

// The Machine under --self-check (machine/self_check.hpp), owning both.
class CheckedMachine final : public checker::TransitionSystem {
public:
    explicit CheckedMachine(const ir::Program& program) : machine_(program), checked_(machine_) {}

    [[nodiscard]] std::size_t state_bytes() const override { return checked_.state_bytes(); }
    [[nodiscard]] std::size_t packed_bytes() const override { return checked_.packed_bytes(); }
    void initial_states(checker::Successors& out) const override { checked_.initial_states(out); }
    void successors(const std::byte* s, checker::Successors& out) const override {
        checked_.successors(s, out);
    }
    [[nodiscard]] checker::PropertyId check_state(const std::byte* s) const override {
        return checked_.check_state(s);
    }
    [[nodiscard]] checker::PropertyId check_observed(const std::byte* s,
                                                     checker::StateObserver* o) const override {
        return checked_.check_observed(s, o);
    }
    [[nodiscard]] std::unique_ptr<checker::StateObserver> make_observer() const override {
        return checked_.make_observer();
    }
    [[nodiscard]] bool may_terminate(const std::byte* s) const override {
        return checked_.may_terminate(s);
    }

private:
    machine::Machine machine_;
    machine::SelfCheckedMachine checked_;
};

// The Machine under partial-order reduction (reduce/por_system.hpp), owning both.
class PorMachine final : public checker::ForwardingSystem {
public:
    // The base only binds the reference to por_, constructed below.
    explicit PorMachine(const ir::Program& program)
        : ForwardingSystem(static_cast<const checker::TransitionSystem&>(por_)), machine_(program),
          por_(machine_, machine_) {}

private:
    machine::Machine machine_;
    reduce::PartialOrderSystem por_;
};

Run reduced(const ir::Program& program, checker::SearchOptions options) {
    return run_search(std::make_unique<PorMachine>(program), options);
}

Run plain(const ir::Program& program, checker::SearchOptions options) {
    return run_search(std::make_unique<machine::Machine>(program), options);
}

Run symmetric(const ir::Program& program, checker::SearchOptions options) {
    auto system = std::make_unique<SymmetricMachine>(program);
    const SymmetricMachine& view = *system;
    Run run = run_search(std::move(system), options);
    if (run.result.counterexample)
        run.problem = view.unpermuted_problem(*run.result.counterexample);
    return run;
}

checker::SearchOptions dfs() {
    checker::SearchOptions o;
    o.strategy = checker::Strategy::Dfs;
    return o;
}

checker::SearchOptions threads(unsigned n) {
    checker::SearchOptions o;
    o.threads = n;
    return o;
}

checker::SearchOptions por(checker::SearchOptions o) {
    o.partial_order_reduction = true;
    return o;
}

} // namespace

std::vector<Configuration> configurations() {
    std::vector<Configuration> all;
    all.push_back({.name = "dfs",
                   .run = [](const ir::Program& p) { return plain(p, dfs()); },
                   .counts = Counts::Equal,
                   .shortest = false,
                   .may_miss_violations = false,
                   .applies = {}});
    // Without deadlock checks the search may miss the reference's violation
    // (a deadlock), but explores the same graph when there is none.
    all.push_back({.name = "bfs --no-deadlock",
                   .run =
                       [](const ir::Program& p) {
                           checker::SearchOptions o;
                           o.check_deadlock = false;
                           return plain(p, o);
                       },
                   .counts = Counts::Equal,
                   .shortest = false,
                   .may_miss_violations = true,
                   .applies = {}});
    all.push_back({.name = "threads=2",
                   .run = [](const ir::Program& p) { return plain(p, threads(2)); },
                   .counts = Counts::Equal,
                   .shortest = true,
                   .may_miss_violations = false,
                   .applies = {}});
    all.push_back({.name = "por",
                   .run = [](const ir::Program& p) { return reduced(p, por({})); },
                   .counts = Counts::AtMost,
                   .shortest = false,
                   .may_miss_violations = false,
                   .applies = {}});
    // The combinations on a sample of the seeds, to keep the ASan run short.
    all.push_back({.name = "por dfs",
                   .run = [](const ir::Program& p) { return reduced(p, por(dfs())); },
                   .counts = Counts::AtMost,
                   .shortest = false,
                   .may_miss_violations = false,
                   .applies = [](const GeneratedModel& m) { return m.seed % 2 == 0; }});
    all.push_back({.name = "por threads=2",
                   .run = [](const ir::Program& p) { return reduced(p, por(threads(2))); },
                   .counts = Counts::AtMost,
                   .shortest = false,
                   .may_miss_violations = false,
                   .applies = [](const GeneratedModel& m) { return m.seed % 2 == 1; }});
    // On every model: the symmetry analysis must refuse what is not symmetric.
    all.push_back({.name = "symmetry",
                   .run = [](const ir::Program& p) { return symmetric(p, {}); },
                   .counts = Counts::Orbits,
                   .shortest = true,
                   .may_miss_violations = false,
                   .applies = {}});
    all.push_back({.name = "symmetry threads=2 por",
                   .run = [](const ir::Program& p) { return symmetric(p, por(threads(2))); },
                   .counts = Counts::AtMost,
                   .shortest = false,
                   .may_miss_violations = false,
                   .applies = [](const GeneratedModel& m) { return m.seed % 2 == 1; }});
    // --self-check: the machine keeps its promises on every state (a broken
    // one throws, which the suite reports with the seed); same graph.
    all.push_back({.name = "self-check",
                   .run =
                       [](const ir::Program& p) {
                           return run_search(std::make_unique<CheckedMachine>(p), {});
                       },
                   .counts = Counts::Equal,
                   .shortest = true,
                   .may_miss_violations = false,
                   .applies = [](const GeneratedModel& m) { return m.seed % 3 == 0; }});
    // The lossy stores: 64-bit fingerprints over a few thousand states
    // collide with probability ~1e-12, so they must find exactly what BFS
    // finds; bitstate, with 2^24 bits, may miss a state now and then.
    all.push_back({.name = "hashcompact",
                   .run =
                       [](const ir::Program& p) {
                           checker::SearchOptions o;
                           o.store = checker::StoreKind::HashCompact;
                           return plain(p, o);
                       },
                   .counts = Counts::Equal,
                   .shortest = true,
                   .may_miss_violations = false,
                   .applies = {}});
    all.push_back({.name = "bitstate",
                   .run =
                       [](const ir::Program& p) {
                           checker::SearchOptions o;
                           o.store = checker::StoreKind::Bitstate;
                           o.bitstate_log2_bits = 24;
                           return plain(p, o);
                       },
                   .counts = Counts::AtMost,
                   .shortest = false,
                   .may_miss_violations = true,
                   .applies = [](const GeneratedModel& m) { return m.seed % 4 == 2; }});
    return all;
}

} // namespace shootdown::random_models
