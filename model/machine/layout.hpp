// Where things are in a state, precomputed from the Program so the hot path
// is arithmetic on offsets: a CPU's block, its locals, its pending IPIs and
// its store buffer.
#pragma once

#include <vector>

#include "model/ir/bits.hpp"
#include "model/ir/program.hpp"

namespace shootdown::machine {

using ir::Field;
using ir::get_field;
using ir::set_field;

class Layout {
public:
    explicit Layout(const ir::Program& p);

    [[nodiscard]] std::uint32_t cpu_base(std::uint32_t cpu) const {
        return cpu_.block_offset + cpu * cpu_.block_bits;
    }
    [[nodiscard]] const ir::CpuLayout& cpu() const { return cpu_; }

    // A local of the given CPU (locals live in their context's region).
    [[nodiscard]] Field local(std::uint32_t id, std::uint32_t cpu) const {
        Field f = locals_[id];
        f.offset += cpu_base(cpu);
        return f;
    }
    // Pending IPI from `sender` at `target`: handler+1 (0: none) and its argument.
    [[nodiscard]] Field pending_handler(std::uint32_t target, std::uint32_t sender) const {
        return {cpu_base(target) + cpu_.pending_offset + sender * pending_stride_,
                cpu_.pending_handler_bits, 0};
    }
    [[nodiscard]] Field pending_arg(std::uint32_t target, std::uint32_t sender) const {
        return {cpu_base(target) + cpu_.pending_offset + sender * pending_stride_ +
                    cpu_.pending_handler_bits,
                cpu_.pending_arg_bits, 0};
    }
    [[nodiscard]] Field sb_location(std::uint32_t cpu, std::uint32_t i) const {
        return {cpu_base(cpu) + cpu_.sb_entries + i * sb_stride_, cpu_.sb_location_bits, 0};
    }
    [[nodiscard]] Field sb_value(std::uint32_t cpu, std::uint32_t i) const {
        return {cpu_base(cpu) + cpu_.sb_entries + i * sb_stride_ + cpu_.sb_location_bits,
                cpu_.sb_value_bits, 0};
    }
    [[nodiscard]] Field at(const Field& f, std::uint32_t cpu) const {
        return {f.offset + cpu_base(cpu), f.width, f.lo};
    }
    // Bit offset of memory location `loc` (a Shared element) and its width.
    [[nodiscard]] Field location(std::uint32_t loc) const { return locations_[loc]; }

private:
    ir::CpuLayout cpu_;
    std::vector<Field> locals_;
    std::vector<Field> locations_;
    std::uint32_t pending_stride_ = 0, sb_stride_ = 0;
};

} // namespace shootdown::machine
