#include "properties/render_json.hpp"

#include <fmt/format.h>

namespace shootdown::properties {

namespace {

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += fmt::format("\\u{:04x}", c);
            else
                out += c;
        }
    }
    return out + "\"";
}

const char* kind_name(checker::ViolationKind k) {
    switch (k) {
    case checker::ViolationKind::Invariant:
        return "invariant";
    case checker::ViolationKind::Step:
        return "step";
    case checker::ViolationKind::Deadlock:
        return "deadlock";
    }
    return "invariant";
}

std::string step_json(const ReportStep& s, std::size_t number, bool last) {
    std::vector<std::string> events;
    for (const std::string& text : s.events)
        events.push_back(fmt::format("{{\"text\": {}}}", quote(text)));
    return fmt::format(
        "    {{\"step\": {}, \"ordinal\": {}, \"cpu\": {}, \"kind\": {}, \"name\": {}, "
        "\"location\": {}, \"source\": {},\n     \"events\": [{}]}}{}\n",
        number, s.ordinal, s.cpu, quote(s.kind), quote(s.name), quote(s.location), quote(s.source),
        fmt::join(events, ", "), last ? "" : ",");
}

} // namespace

std::string render_json(const RunContext& c, const Violation& v) {
    std::string params;
    for (std::size_t i = 0; i < c.params.size(); ++i)
        params +=
            fmt::format("{}{}: {}", i ? ", " : "", quote(c.params[i].first), c.params[i].second);
    std::string out = "{\n  \"format\": \"shootdown-trace\",\n  \"version\": 1,\n";
    out += fmt::format("  \"model\": {},\n  \"variant\": {},\n  \"params\": {{{}}},\n",
                       quote(c.model), quote(c.variant), params);
    out += fmt::format("  \"memory\": {},\n  \"store_buffer\": {},\n", quote(c.memory),
                       c.store_buffer);
    out += fmt::format("  \"violation\": {{\"kind\": {}, \"property\": {}}},\n",
                       quote(kind_name(v.kind)), quote(v.property));
    out += fmt::format("  \"initial\": {},\n  \"steps\": [\n", v.initial);
    for (std::size_t i = 0; i < v.steps.size(); ++i)
        out += step_json(v.steps[i], i + 1, i + 1 == v.steps.size());
    out += "  ]\n}\n";
    return out;
}

std::string render_json(const Report& report) {
    return render_json(report.context, *report.violation);
}

} // namespace shootdown::properties
