#include "model/machine/layout.hpp"

namespace shootdown::machine {

Layout::Layout(const ir::Program& p) : cpu_(p.cpu) {
    for (const ir::Local& l : p.locals) {
        const ir::Type& t = p.types[l.type];
        locals_.push_back(
            {cpu_.locals_offset[static_cast<int>(l.context)] + l.offset, l.width, t.lo});
    }
    locations_.resize(p.location_count);
    for (const ir::Variable& v : p.variables) {
        if (v.first_location == ir::kNone) continue;
        for (std::uint32_t e = 0; e < v.element_count; ++e)
            locations_[v.first_location + e] = {v.offset + e * v.width, v.width,
                                                p.types[v.type].lo};
    }
    pending_stride_ = cpu_.pending_handler_bits + cpu_.pending_arg_bits;
    sb_stride_ = cpu_.sb_location_bits + cpu_.sb_value_bits;
}

} // namespace shootdown::machine
