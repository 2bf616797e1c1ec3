#include "app/model_loading.hpp"

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
        out.params.emplace_back(p.substr(0, eq), value);
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
    std::string text = lang::render_all(*r.sources, r.diagnostics);
    if (!text.empty()) fmt::print(stderr, "{}", text);
    if (r.diagnostics.has_errors()) {
        std::size_t n = r.diagnostics.error_count();
        fmt::print(stderr, "{} error{} in {}\n", n, n == 1 ? "" : "s", options.model);
        return std::nullopt;
    }
    return r;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
    std::uint64_t value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr == text.data()) return std::nullopt;
    std::string unit(ptr, text.data() + text.size());
    std::uint64_t scale = 1;
    if (unit == "" || unit == "B")
        scale = 1;
    else if (unit == "k" || unit == "K" || unit == "KiB")
        scale = 1ull << 10;
    else if (unit == "M" || unit == "MiB")
        scale = 1ull << 20;
    else if (unit == "G" || unit == "GiB")
        scale = 1ull << 30;
    else
        return std::nullopt;
    return value * scale;
}

} // namespace shootdown::app
