// Exact symmetry reduction over scalarsets (--symmetry). A renaming of the
// values of every symmetric type (the CPUs, each scalarset the check accepts)
// maps a state to another state that behaves the same way up to the renaming.
// canonicalize() replaces a state by the least image of its orbit, so two
// states have the same canonical form exactly when one is a renaming of the
// other, and a search over canonical forms counts orbits.
//
// A renaming moves the elements of every variable indexed by a symmetric
// type, renames every stored value of such a type (variables, live locals,
// store-buffer entries, IPI arguments, the interrupted CPU's sender), renames
// the bits of cpumasks, moves whole CPU blocks, and renames the store-buffer
// entries' memory locations and the pending-IPI matrix on both axes.
//
// Candidates: each value gets a signature that no renaming changes (what is
// stored at it, summed over the rest); only the renamings that sort the
// values by signature are tried, ties in every order. The least image over
// that set is the same for every state of an orbit.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "model/ir/program.hpp"
#include "model/machine/layout.hpp"
#include "model/reduce/symmetry_check.hpp"

namespace shootdown::machine {

class Symmetry {
public:
    static constexpr std::size_t kMaxTypes = 8;
    static constexpr std::size_t kMaxValues = 32;
    // to[t][v]: the new name of value v of the t-th symmetric type.
    struct Permutation {
        std::array<std::array<std::uint8_t, kMaxValues>, kMaxTypes> to{};
    };

    Symmetry(const ir::Program& program, const SymmetryCheck& check);

    // The permuted types in order (at most kMaxTypes; the check's others stay fixed).
    [[nodiscard]] const std::vector<ir::TypeId>& types() const { return types_; }
    [[nodiscard]] bool trivial() const { return types_.empty(); }
    [[nodiscard]] double group_size() const;
    [[nodiscard]] std::size_t state_bytes() const { return bytes_; }

    // to = g(from). `from` and `to` are distinct state-size buffers.
    void apply(const Permutation& g, const std::byte* from, std::byte* to) const;
    // Replaces `state` by its orbit's canonical form. `scratch_a` and
    // `scratch_b` are state-size buffers; nothing is allocated.
    void canonicalize(std::byte* state, std::byte* scratch_a, std::byte* scratch_b) const;
    // A state whose values no invariant tells apart admits up to n!
    // renamings; beyond kMaxRenamings canonicalize() keeps the first one (the
    // values sorted by their signatures): still a renaming of the state and
    // a function of it, so the search stays sound, but two states of one
    // orbit may then be stored twice. How many states were so reduced:
    static constexpr double kMaxRenamings = 40320; // 8!: a few milliseconds a state
    [[nodiscard]] std::uint64_t approximate_states() const {
        return approximate_.load(std::memory_order_relaxed);
    }
    // Every renaming, identity first (tests enumerate orbits with it).
    [[nodiscard]] std::vector<Permutation> all_permutations() const;
    [[nodiscard]] Permutation identity() const;

private:
    static constexpr std::uint8_t kNoType = 0xff;
    mutable std::atomic<std::uint64_t> approximate_{0}; // a statistic: any thread adds
    // How a stored value is renamed: 0 not at all, 1 as a cpumask, 2 + t as
    // a value of symmetric type t.
    using ValueKind = std::uint8_t;
    // One element of a variable that moves or whose value is renamed.
    struct Element {
        std::uint32_t offset = 0, base = 0, first_location = ir::kNone, var = 0;
        std::uint8_t width = 0;
        ValueKind kind = 0;
        std::uint8_t dim_type[3] = {kNoType, kNoType, kNoType};
        std::uint32_t coord[3] = {0, 0, 0}, stride[3] = {0, 0, 0}; // stride in bits
    };
    struct LocalSlot {
        std::uint32_t offset = 0; // within the CPU block
        std::uint8_t width = 0;
        ValueKind kind = 0;
    };
    using Signatures = std::array<std::array<std::uint64_t, kMaxValues>, kMaxTypes>;

    [[nodiscard]] ValueKind kind_of(ir::TypeId t) const;
    [[nodiscard]] std::uint64_t rename(const Permutation& g, ValueKind k, std::uint64_t raw) const;
    [[nodiscard]] std::uint32_t target(const Permutation& g, const Element& e) const;
    [[nodiscard]] std::uint32_t cpu_to(const Permutation& g, std::uint32_t c) const {
        return cpu_ == kNoType ? c : g.to[cpu_][c];
    }
    void add_variables(const ir::Program& p);
    void add_locals(const ir::Program& p, const SymmetryCheck& check);
    void apply_cpu(const Permutation& g, std::uint32_t c, const std::byte* from,
                   std::byte* to) const;
    void rename_locals(const Permutation& g, const LocalSlot* begin, std::size_t count,
                       std::uint32_t from_base, std::uint32_t to_base, const std::byte* from,
                       std::byte* to) const;
    void signatures(const std::byte* state, Signatures& sig) const;
    void element_signature(const std::byte* state, const Element& e, Signatures& sig) const;
    void cpu_signature(const std::byte* state, std::uint32_t c, Signatures& sig) const;

    const ir::Program& program_;
    Layout layout_;
    std::size_t bytes_ = 0;
    std::vector<ir::TypeId> types_;
    std::vector<std::uint8_t> type_index_; // per TypeId: index in types_ or kNoType
    std::vector<std::uint32_t> sizes_;
    std::uint8_t cpu_ = kNoType; // index of the CPU type in types_, if permuted
    std::vector<Element> elements_;
    std::vector<std::uint32_t> location_element_; // memory location -> elements_ index
    std::vector<ValueKind> handler_kind_;         // per irq handler: its argument
    std::vector<LocalSlot> mask_locals_;          // renamed whatever the pc
    std::vector<LocalSlot> live_slots_;           // per pc ranges into this
    std::vector<std::uint32_t> live_begin_;       // per pc + 1
};

} // namespace shootdown::machine
