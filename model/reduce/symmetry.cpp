// Building the renaming tables and applying one renaming to a state.
#include "model/reduce/symmetry.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace shootdown::machine {

using ir::get_bits;
using ir::kNone;
using ir::set_bits;

Symmetry::Symmetry(const ir::Program& program, const SymmetryCheck& check)
    : program_(program), layout_(program), bytes_(program.state_bytes()) {
    type_index_.assign(program.types.size(), kNoType);
    for (ir::TypeId t = 0; t < program.types.size(); ++t) {
        if (!check.symmetric[t] || program.types[t].size() < 2 || types_.size() == kMaxTypes)
            continue;
        type_index_[t] = static_cast<std::uint8_t>(types_.size());
        if (program.types[t].is_cpu) cpu_ = type_index_[t];
        types_.push_back(t);
        sizes_.push_back(program.types[t].size());
    }
    add_variables(program);
    for (const ir::Handler& h : program.irq_handlers)
        handler_kind_.push_back(h.param_type == kNone ? 0 : kind_of(h.param_type));
    add_locals(program, check);
}

Symmetry::ValueKind Symmetry::kind_of(ir::TypeId t) const {
    const ir::Type& type = program_.types[t];
    if (type.kind == ir::Type::Kind::Cpumask) return cpu_ == kNoType ? 0 : 1;
    return type_index_[t] == kNoType ? 0 : static_cast<ValueKind>(2 + type_index_[t]);
}

void Symmetry::add_variables(const ir::Program& p) {
    location_element_.assign(p.location_count, kNone);
    for (std::uint32_t var = 0; var < p.variables.size(); ++var) {
        const ir::Variable& v = p.variables[var];
        std::size_t dims = v.index_types.size();
        Element proto;
        proto.base = v.offset;
        proto.first_location = v.first_location;
        proto.var = var;
        proto.width = v.width;
        proto.kind = kind_of(v.type);
        bool moves = false;
        std::uint32_t stride = v.width;
        for (std::size_t k = dims; k-- > 0;) {
            proto.dim_type[k] = type_index_[v.index_types[k]];
            proto.stride[k] = stride;
            stride *= v.extents[k];
            moves |= proto.dim_type[k] != kNoType;
        }
        if (!moves && proto.kind == 0) continue;
        for (std::uint32_t e = 0; e < v.element_count; ++e) {
            Element x = proto;
            x.offset = v.offset + e * v.width;
            for (std::uint32_t k = 0, rest = e; k < dims; ++k) {
                x.coord[k] = rest / (proto.stride[k] / v.width);
                rest %= proto.stride[k] / v.width;
            }
            if (v.first_location != kNone)
                location_element_[v.first_location + e] =
                    static_cast<std::uint32_t>(elements_.size());
            elements_.push_back(x);
        }
    }
}

void Symmetry::add_locals(const ir::Program& p, const SymmetryCheck& check) {
    auto slot = [&](std::uint32_t l) {
        const ir::Local& local = p.locals[l];
        Field f = layout_.local(l, 0);
        return LocalSlot{f.offset - layout_.cpu_base(0), local.width, kind_of(local.type)};
    };
    for (std::uint32_t l = 0; l < p.locals.size(); ++l)
        if (p.types[p.locals[l].type].kind == ir::Type::Kind::Cpumask && cpu_ != kNoType)
            mask_locals_.push_back(slot(l));
    live_begin_.assign(p.code.size() + 1, 0);
    for (std::uint32_t pc = 0; pc < p.code.size(); ++pc) {
        live_begin_[pc] = static_cast<std::uint32_t>(live_slots_.size());
        for (std::uint32_t l : check.live_locals[pc])
            if (kind_of(p.locals[l].type) != 0) live_slots_.push_back(slot(l));
    }
    live_begin_[p.code.size()] = static_cast<std::uint32_t>(live_slots_.size());
}

double Symmetry::group_size() const {
    double n = 1;
    for (std::uint32_t s : sizes_)
        for (std::uint32_t i = 2; i <= s; ++i)
            n *= i;
    return n;
}

Symmetry::Permutation Symmetry::identity() const {
    Permutation g;
    for (auto& row : g.to)
        for (std::size_t v = 0; v < kMaxValues; ++v)
            row[v] = static_cast<std::uint8_t>(v);
    return g;
}

std::vector<Symmetry::Permutation> Symmetry::all_permutations() const {
    std::vector<Permutation> out{identity()};
    for (std::size_t t = 0; t < types_.size(); ++t) {
        std::vector<Permutation> next;
        for (const Permutation& g : out) {
            Permutation h = g;
            auto row = h.to[t].begin();
            do
                next.push_back(h);
            while (std::next_permutation(row, row + sizes_[t]));
        }
        out = std::move(next);
    }
    return out;
}

std::uint64_t Symmetry::rename(const Permutation& g, ValueKind k, std::uint64_t raw) const {
    if (k == 0) return raw;
    if (k == 1) {
        std::uint64_t out = 0;
        for (std::uint64_t bits = raw; bits != 0; bits &= bits - 1) {
            auto c = static_cast<std::uint32_t>(std::countr_zero(bits));
            out |= (c < kMaxValues ? 1ull << g.to[cpu_][c] : 1ull << c);
        }
        return out;
    }
    return raw < kMaxValues ? g.to[k - 2][raw] : raw;
}

std::uint32_t Symmetry::target(const Permutation& g, const Element& e) const {
    std::uint32_t at = e.base;
    for (int k = 0; k < 3; ++k) {
        std::uint32_t c = e.dim_type[k] == kNoType ? e.coord[k] : g.to[e.dim_type[k]][e.coord[k]];
        at += c * e.stride[k];
    }
    return at;
}

void Symmetry::apply(const Permutation& g, const std::byte* from, std::byte* to) const {
    std::memcpy(to, from, bytes_);
    for (const Element& e : elements_)
        set_bits(to, target(g, e), e.width, rename(g, e.kind, get_bits(from, e.offset, e.width)));
    for (std::uint32_t c = 0; c < program_.cpus; ++c)
        apply_cpu(g, c, from, to);
}

void Symmetry::rename_locals(const Permutation& g, const LocalSlot* begin, std::size_t count,
                             std::uint32_t from_base, std::uint32_t to_base, const std::byte* from,
                             std::byte* to) const {
    for (const LocalSlot* s = begin; s != begin + count; ++s)
        set_bits(to, to_base + s->offset, s->width,
                 rename(g, s->kind, get_bits(from, from_base + s->offset, s->width)));
}

// CPU c's block moves to the block of its new name; inside it, the pending
// IPIs move by sender and every live value is renamed.
void Symmetry::apply_cpu(const Permutation& g, std::uint32_t c, const std::byte* from,
                         std::byte* to) const {
    const ir::CpuLayout& cl = layout_.cpu();
    std::uint32_t d = cpu_to(g, c);
    std::uint32_t src = layout_.cpu_base(c), dst = layout_.cpu_base(d);
    for (std::uint32_t done = 0; done < cl.block_bits; done += 64) {
        auto n = static_cast<std::uint8_t>(std::min<std::uint32_t>(64, cl.block_bits - done));
        set_bits(to, dst + done, n, get_bits(from, src + done, n));
    }
    bool has_irqs = !program_.irq_handlers.empty();
    bool active = has_irqs && get_field(from, layout_.at(cl.irq_active, c)) != 0;
    if (has_irqs) {
        for (std::uint32_t s = 0; s < program_.cpus; ++s) {
            std::int64_t h = get_field(from, layout_.pending_handler(c, s));
            auto arg = static_cast<std::uint64_t>(get_field(from, layout_.pending_arg(c, s)));
            std::uint32_t t = cpu_to(g, s);
            set_field(to, layout_.pending_handler(d, t), h);
            ValueKind k = h == 0 ? 0 : handler_kind_[static_cast<std::size_t>(h - 1)];
            set_field(to, layout_.pending_arg(d, t), static_cast<std::int64_t>(rename(g, k, arg)));
        }
        if (active) {
            auto sender = static_cast<std::uint32_t>(get_field(from, layout_.at(cl.irq_sender, c)));
            set_field(to, layout_.at(cl.irq_sender, d), cpu_to(g, sender));
        }
    }
    if (program_.memory == ir::MemoryModel::TSO && cl.sb_capacity != 0) {
        auto count = static_cast<std::uint32_t>(get_field(from, layout_.at(cl.sb_count, c)));
        for (std::uint32_t i = 0; i < count; ++i) {
            auto loc = static_cast<std::uint32_t>(get_field(from, layout_.sb_location(c, i)));
            std::uint32_t ei = location_element_[loc];
            if (ei == kNone) continue;
            const Element& e = elements_[ei];
            std::uint32_t moved = e.first_location + (target(g, e) - e.base) / e.width;
            set_field(to, layout_.sb_location(d, i), moved);
            auto raw = static_cast<std::uint64_t>(get_field(from, layout_.sb_value(c, i)));
            set_field(to, layout_.sb_value(d, i),
                      static_cast<std::int64_t>(rename(g, e.kind, raw)));
        }
    }
    rename_locals(g, mask_locals_.data(), mask_locals_.size(), src, dst, from, to);
    auto pc = static_cast<std::uint32_t>(get_field(from, layout_.at(cl.main_pc, c)));
    rename_locals(g, live_slots_.data() + live_begin_[pc], live_begin_[pc + 1] - live_begin_[pc],
                  src, dst, from, to);
    if (active) {
        pc = static_cast<std::uint32_t>(get_field(from, layout_.at(cl.irq_pc, c)));
        rename_locals(g, live_slots_.data() + live_begin_[pc],
                      live_begin_[pc + 1] - live_begin_[pc], src, dst, from, to);
    }
}

} // namespace shootdown::machine
