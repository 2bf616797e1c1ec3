// The canonical form of a state: the least image (as bytes) over the
// renamings that sort every symmetric type's values by signature.
#include <algorithm>
#include <bit>
#include <cstring>

#include "model/reduce/symmetry.hpp"

namespace shootdown::machine {

using ir::get_bits;

namespace {

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
    // splitmix64 finaliser over the running hash and the next word.
    std::uint64_t z = h ^ (v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// One symmetric type's values in signature order; equal signatures form a
// block whose order is enumerated.
struct Order {
    std::uint8_t value[Symmetry::kMaxValues];
    std::uint8_t block_end[Symmetry::kMaxValues]; // per position: end of its block
    std::uint32_t size = 0;
};

// Advances to the next ordering of the blocks' members (odometer over
// blocks); false after the last one, with every block back in sorted order.
bool next_order(Order* orders, std::size_t types) {
    for (std::size_t t = 0; t < types; ++t) {
        Order& o = orders[t];
        for (std::uint32_t b = 0; b < o.size; b = o.block_end[b]) {
            std::uint8_t* first = o.value + b;
            std::uint8_t* last = o.value + o.block_end[b];
            if (last - first > 1 && std::next_permutation(first, last)) return true;
        }
    }
    return false;
}

// The orderings next_order() steps through: the product of the blocks' factorials.
double renamings(const Order* orders, std::size_t types) {
    double count = 1;
    for (std::size_t t = 0; t < types; ++t)
        for (std::uint32_t b = 0; b < orders[t].size; b = orders[t].block_end[b])
            for (std::uint32_t k = 2; k <= orders[t].block_end[b] - b; ++k)
                count *= k;
    return count;
}

} // namespace

// What is stored at an element, with the symmetric coordinates left out,
// is credited to each symmetric value it involves.
void Symmetry::element_signature(const std::byte* state, const Element& e, Signatures& sig) const {
    std::uint64_t raw = get_bits(state, e.offset, e.width);
    std::uint64_t content = e.kind == 0 ? raw : e.kind == 1 ? 0x100 + std::popcount(raw) : 0x200;
    std::uint64_t h = mix(e.var, content);
    for (int k = 0; k < 3; ++k)
        if (e.dim_type[k] == kNoType) h = mix(h, e.coord[k]);
    for (int k = 0; k < 3; ++k) {
        std::uint8_t t = e.dim_type[k];
        if (t == kNoType) continue;
        std::uint64_t same = 0; // which other coordinates (and the value) name the same value
        for (int j = 0; j < 3; ++j)
            if (j != k && e.dim_type[j] == t && e.coord[j] == e.coord[k]) same |= 1u << j;
        if (e.kind == 2 + t && raw == e.coord[k]) same |= 8;
        sig[t][e.coord[k]] += mix(h, 16 * static_cast<std::uint64_t>(k) + same);
    }
    if (e.kind >= 2 && raw < kMaxValues) sig[e.kind - 2][raw] += mix(h, 0x51);
    if (e.kind == 1)
        for (std::uint64_t bits = raw; bits != 0; bits &= bits - 1)
            if (std::countr_zero(bits) < static_cast<int>(kMaxValues))
                sig[cpu_][static_cast<std::size_t>(std::countr_zero(bits))] += mix(h, 0x52);
}

void Symmetry::cpu_signature(const std::byte* state, std::uint32_t c, Signatures& sig) const {
    const ir::CpuLayout& cl = layout_.cpu();
    std::uint64_t h = mix(get_field(state, layout_.at(cl.main_pc, c)), 0x61);
    h = mix(h, static_cast<std::uint64_t>(get_field(state, layout_.at(cl.irqs_off, c))));
    if (program_.memory == ir::MemoryModel::TSO)
        h = mix(h, static_cast<std::uint64_t>(get_field(state, layout_.at(cl.sb_count, c))));
    if (!program_.irq_handlers.empty()) {
        h = mix(h, static_cast<std::uint64_t>(get_field(state, layout_.at(cl.irq_active, c))));
        h = mix(h, static_cast<std::uint64_t>(get_field(state, layout_.at(cl.irq_pc, c))));
        for (std::uint32_t s = 0; s < program_.cpus; ++s) {
            auto handler =
                static_cast<std::uint64_t>(get_field(state, layout_.pending_handler(c, s)));
            if (handler == 0) continue;
            sig[cpu_][c] += mix(handler, 0x62);
            sig[cpu_][s] += mix(handler, 0x63);
        }
    }
    sig[cpu_][c] += h;
}

void Symmetry::signatures(const std::byte* state, Signatures& sig) const {
    for (std::size_t t = 0; t < types_.size(); ++t)
        std::fill_n(sig[t].begin(), sizes_[t], 0);
    for (const Element& e : elements_)
        element_signature(state, e, sig);
    if (cpu_ != kNoType)
        for (std::uint32_t c = 0; c < program_.cpus; ++c)
            cpu_signature(state, c, sig);
}

void Symmetry::canonicalize(std::byte* state, std::byte* scratch_a, std::byte* scratch_b) const {
    if (types_.empty()) return;
    Signatures sig;
    signatures(state, sig);
    Order orders[kMaxTypes];
    for (std::size_t t = 0; t < types_.size(); ++t) {
        Order& o = orders[t];
        o.size = sizes_[t];
        for (std::uint32_t v = 0; v < o.size; ++v)
            o.value[v] = static_cast<std::uint8_t>(v);
        const auto& s = sig[t];
        std::sort(o.value, o.value + o.size, [&](std::uint8_t x, std::uint8_t y) {
            return s[x] != s[y] ? s[x] < s[y] : x < y;
        });
        for (std::uint32_t b = 0; b < o.size;) {
            std::uint32_t e = b + 1;
            while (e < o.size && s[o.value[e]] == s[o.value[b]])
                ++e;
            for (std::uint32_t i = b; i < e; ++i)
                o.block_end[i] = static_cast<std::uint8_t>(e);
            b = e;
        }
    }
    std::byte* best = scratch_a;
    std::byte* candidate = scratch_b;
    bool first = true;
    Permutation g = identity();
    const bool enumerate = renamings(orders, types_.size()) <= kMaxRenamings;
    if (!enumerate) approximate_.fetch_add(1, std::memory_order_relaxed);
    do {
        for (std::size_t t = 0; t < types_.size(); ++t)
            for (std::uint32_t pos = 0; pos < orders[t].size; ++pos)
                g.to[t][orders[t].value[pos]] = static_cast<std::uint8_t>(pos);
        apply(g, state, first ? best : candidate);
        if (!first && std::memcmp(candidate, best, bytes_) < 0) std::swap(best, candidate);
        first = false;
    } while (enumerate && next_order(orders, types_.size()));
    std::memcpy(state, best, bytes_);
}

} // namespace shootdown::machine
