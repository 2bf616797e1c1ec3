#include "model/machine/tables.hpp"

namespace shootdown::machine {

Tables::Tables(const ir::Program& p)
    : program(p), layout(p), facts(analyse_code(p)), plans(plan_fields(p)) {
    for (const ir::Variable& v : p.variables) {
        VariableAccess a;
        a.offset = v.offset;
        a.first_location = v.first_location;
        a.width = v.width;
        a.dims = static_cast<std::uint8_t>(v.index_types.size());
        a.storage = v.storage;
        a.serializing = v.serializing;
        a.lo = p.types[v.type].lo;
        a.hi = p.types[v.type].hi;
        for (std::size_t k = 0; k < v.index_types.size(); ++k) {
            a.extent[k] = v.extents[k];
            a.index_lo[k] = p.types[v.index_types[k]].lo;
        }
        variables.push_back(a);
    }
    for (const ir::Local& l : p.locals)
        local_ranges.push_back({p.types[l.type].lo, p.types[l.type].hi});
}

} // namespace shootdown::machine
