#include "model/machine/format.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace shootdown::machine {

std::string format_value(const ir::Program& p, ir::TypeId type, std::int64_t value) {
    const ir::Type& t = p.types[type];
    switch (t.kind) {
    case ir::Type::Kind::Bool:
        return value ? "true" : "false";
    case ir::Type::Kind::Enum:
        if (value >= 0 && static_cast<std::size_t>(value) < t.members.size())
            return t.members[static_cast<std::size_t>(value)];
        break;
    case ir::Type::Kind::Cpumask: {
        std::string out = "{";
        for (std::uint32_t c = 0; c < 63; ++c)
            if ((value >> c) & 1) out += fmt::format("{}{}", out.size() > 1 ? "," : "", c);
        return out + "}";
    }
    default:
        break;
    }
    return std::to_string(value);
}

std::string element_name(const ir::Program& p, std::uint32_t var, std::uint32_t element) {
    const ir::Variable& v = p.variables[var];
    std::string out = v.name;
    std::uint32_t rest = element;
    std::vector<std::uint32_t> idx(v.extents.size());
    for (std::size_t k = v.extents.size(); k-- > 0;) {
        idx[k] = rest % v.extents[k];
        rest /= v.extents[k];
    }
    for (std::size_t k = 0; k < idx.size(); ++k) {
        const ir::Type& t = p.types[v.index_types[k]];
        out += "[" + format_value(p, v.index_types[k], t.lo + idx[k]) + "]";
    }
    return out;
}

std::string location_text(const ir::Program& p, lang::Span span) {
    if (span.begin == 0 && span.end == 0) return ""; // no place in the model (a drain)
    const lang::SourceFile& f = p.sources->file(span.file);
    return fmt::format("{}:{}", std::filesystem::path(f.path()).filename().string(),
                       f.position(span.begin).line);
}

std::string source_line(const ir::Program& p, lang::Span span) {
    if (span.begin == 0 && span.end == 0) return "";
    const lang::SourceFile& f = p.sources->file(span.file);
    std::string_view line = f.line_text(f.position(span.begin).line);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
        line.remove_prefix(1);
    return std::string(line);
}

} // namespace shootdown::machine
