#include "app/model_loading.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>

#include <fmt/format.h>

namespace shootdown::app {

std::optional<LoadOptions> load_options(const ModelOptions& options) {
    LoadOptions out;
    out.variant = options.variant;
    out.store_buffer = options.store_buffer == 0 ? 2 : options.store_buffer;
    for (const std::string& p : options.params) {
        auto eq = p.find('=');
        std::int64_t value = 0;
        const char* begin = eq == std::string::npos ? nullptr : p.data() + eq + 1;
        const char* end = p.data() + p.size();
        auto parsed = begin ? std::from_chars(begin, end, value) : std::from_chars_result{};
        if (eq == std::string::npos || eq == 0 || !begin || parsed.ec != std::errc() ||
            parsed.ptr != end) {
            fmt::print(stderr, "shootdown: error: --param expects NAME=INTEGER, got `{}`\n", p);
            return std::nullopt;
        }
        const std::string name = p.substr(0, eq);
        for (const auto& [given, earlier] : out.params)
            if (given == name) {
                fmt::print(stderr,
                           "shootdown: error: --param {} is given twice ({} and {}); give each "
                           "parameter once\n",
                           name, earlier, value);
                return std::nullopt;
            }
        out.params.emplace_back(name, value);
    }
    if (options.memory == "sc")
        out.memory = ir::MemoryModel::SC;
    else if (options.memory == "tso")
        out.memory = ir::MemoryModel::TSO;
    else if (!options.memory.empty()) {
        fmt::print(stderr, "shootdown: error: --memory must be `sc` or `tso`, not `{}`\n",
                   options.memory);
        return std::nullopt;
    }
    if (out.store_buffer > 8) {
        fmt::print(stderr, "shootdown: error: --store-buffer must be between 1 and 8\n");
        return std::nullopt;
    }
    return out;
}

std::optional<LoadResult> load_or_report(const ModelOptions& options) {
    std::optional<LoadOptions> lo = load_options(options);
    if (!lo) return std::nullopt;
    LoadResult r = load_model(options.model, *lo);
    std::string text = lang::render_all(*r.sources, r.diagnostics, options.max_errors);
    if (!text.empty()) fmt::print(stderr, "{}", text);
    if (r.diagnostics.has_errors()) {
        std::size_t n = r.diagnostics.error_count();
        fmt::print(stderr, "{} error{} in {}\n", n, n == 1 ? "" : "s", options.model);
        return std::nullopt;
    }
    return r;
}

namespace {

// Binary multiples, as free(1) and the kernel print them; the unit's case
// and a trailing B or iB are optional.
std::optional<std::uint64_t> unit_scale(std::string unit) {
    for (char& c : unit)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (unit.ends_with("IB"))
        unit.resize(unit.size() - 2);
    else if (unit.size() > 1 && unit.ends_with("B"))
        unit.pop_back();
    if (unit.empty() || unit == "B") return 1;
    const std::string prefixes = "KMGT";
    const std::size_t at = unit.size() == 1 ? prefixes.find(unit[0]) : std::string::npos;
    if (at == std::string::npos) return std::nullopt;
    return std::uint64_t{1} << (10 * (at + 1));
}

} // namespace

std::optional<std::uint64_t> parse_size(const std::string& text) {
    double value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::fixed);
    if (ec != std::errc() || ptr == text.data() || !(value >= 0)) return std::nullopt;
    const std::optional<std::uint64_t> scale = unit_scale(std::string(ptr, end));
    if (!scale) return std::nullopt;
    const double bytes = value * static_cast<double>(*scale);
    if (bytes >= 0x1p63) return std::nullopt; // more than any machine: a typo
    return static_cast<std::uint64_t>(bytes);
}

} // namespace shootdown::app
