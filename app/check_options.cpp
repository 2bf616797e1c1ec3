#include "app/check_options.hpp"

#include <bit>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <unistd.h>

#include "app/model_loading.hpp"
#include "app/progress.hpp"
#include "checker/resources.hpp"
#include "properties/render_text.hpp"

namespace shootdown::app {

namespace {

namespace fs = std::filesystem;

// The bit array is allocated whole before the first state: refuse one the
// machine (or --max-memory) cannot hold instead of failing on allocation.
bool bitstate_fits(const CheckOptions& o, const checker::SearchOptions& so) {
    if (so.store != checker::StoreKind::Bitstate) return true;
    const std::uint64_t bytes = (std::uint64_t{1} << o.bitstate_bits) / 8;
    const std::uint64_t machine = checker::memory_budget_bytes();
    const std::uint64_t cap = so.max_memory_bytes != 0 ? so.max_memory_bytes : machine / 10 * 9;
    if (cap == 0 || bytes <= cap) return true;
    fmt::print(stderr,
               "shootdown: error: --bitstate-bits {} needs a bit array of {}, more than {} ({}); "
               "choose at most {}\n",
               o.bitstate_bits, properties::format_bytes(bytes),
               so.max_memory_bytes != 0 ? "--max-memory" : "90 % of this machine's memory",
               properties::format_bytes(cap), std::bit_width(cap * 8) - 1);
    return false;
}

bool store_kind(const CheckOptions& o, checker::SearchOptions& so) {
    if (o.store == "exact")
        so.store = checker::StoreKind::Exact;
    else if (o.store == "hashcompact")
        so.store = checker::StoreKind::HashCompact;
    else if (o.store == "bitstate")
        so.store = checker::StoreKind::Bitstate;
    else {
        fmt::print(stderr,
                   "shootdown: error: --store must be `exact`, `hashcompact` or `bitstate`, not "
                   "`{}`\n",
                   o.store);
        return false;
    }
    if (so.store != checker::StoreKind::Exact && so.strategy == checker::Strategy::Dfs) {
        fmt::print(stderr,
                   "shootdown: error: --store {} searches breadth-first only; drop "
                   "--strategy dfs\n",
                   o.store);
        return false;
    }
    if (so.store != checker::StoreKind::Exact && o.por) {
        fmt::print(stderr,
                   "shootdown: error: --por needs the exact store (its cycle proviso asks "
                   "the visited set); drop --store {}\n",
                   o.store);
        return false;
    }
    so.bitstate_log2_bits = o.bitstate_bits;
    return true;
}

} // namespace

std::optional<checker::SearchOptions> search_options(const CheckOptions& o) {
    checker::SearchOptions so;
    if (o.strategy == "bfs")
        so.strategy = checker::Strategy::Bfs;
    else if (o.strategy == "dfs")
        so.strategy = checker::Strategy::Dfs;
    else {
        fmt::print(stderr, "shootdown: error: --strategy must be `bfs` or `dfs`, not `{}`\n",
                   o.strategy);
        return std::nullopt;
    }
    so.max_states = o.max_states;
    so.time_limit_seconds = o.time_limit;
    so.max_depth = o.max_depth;
    so.threads = o.threads;
    if (!store_kind(o, so)) return std::nullopt;
    so.check_deadlock = !o.no_deadlock;
    so.partial_order_reduction = o.por;
    if (!o.max_memory.empty()) {
        std::optional<std::uint64_t> bytes = parse_size(o.max_memory);
        if (!bytes || *bytes == 0) {
            fmt::print(
                stderr,
                "shootdown: error: --max-memory expects a size such as 512M or 4G, got `{}`\n",
                o.max_memory);
            return std::nullopt;
        }
        so.max_memory_bytes = *bytes;
    }
    if (!bitstate_fits(o, so)) return std::nullopt;
    if (o.progress || (!o.quiet && isatty(STDERR_FILENO)))
        so.on_progress = [](const checker::Progress& p) {
            fmt::print(stderr, "{}", progress_line(p));
        };
    return so;
}

bool trace_path_usable(const std::string& path, const std::vector<std::string>& inputs) {
    std::error_code ec;
    for (const std::string& input : inputs)
        if (fs::equivalent(path, input, ec)) {
            fmt::print(stderr,
                       "shootdown: error: --trace-json `{}` is an input of this run ({}); "
                       "choose another file for the trace\n",
                       path, input);
            return false;
        }
    const fs::file_status status = fs::status(path, ec);
    if (fs::exists(status)) {
        if (!fs::is_regular_file(status) || access(path.c_str(), W_OK) != 0) {
            fmt::print(stderr, "shootdown: error: --trace-json `{}`: cannot write there{}\n", path,
                       fs::is_regular_file(status) ? fmt::format(": {}", std::strerror(errno))
                                                   : " (not a regular file)");
            return false;
        }
        return true;
    }
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (access(dir.c_str(), W_OK | X_OK) != 0) {
        fmt::print(stderr, "shootdown: error: --trace-json `{}`: cannot create it in `{}`: {}\n",
                   path, dir.string(), std::strerror(errno));
        return false;
    }
    return true;
}

bool write_trace(const std::string& path, const std::string& json) {
    std::FILE* out = std::fopen(path.c_str(), "w");
    bool ok = out != nullptr && std::fwrite(json.data(), 1, json.size(), out) == json.size();
    const int error = errno;
    if (out != nullptr && std::fclose(out) != 0) ok = false;
    if (!ok)
        fmt::print(stderr, "shootdown: error: cannot write the trace to `{}`: {}\n", path,
                   std::strerror(error != 0 ? error : errno));
    return ok;
}

bool stdout_written() {
    if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return true;
    fmt::print(stderr, "shootdown: error: cannot write the output: {}\n", std::strerror(errno));
    return false;
}

} // namespace shootdown::app
