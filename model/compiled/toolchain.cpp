#include "model/compiled/toolchain.hpp"

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <xxhash.h>

#include "model/compiled/embedded.hpp"
#include "model/compiled/emit_module.hpp"
#include "model/compiled/process.hpp"
#include "model/compiled/toolchain_internal.hpp"

namespace shootdown::compiled {

namespace fs = std::filesystem;

LoadedModule::~LoadedModule() {
    dlclose(handle_);
}

namespace {

// Two translation units use both cores of a small machine.
constexpr unsigned kUnits = 2;

// $CXX (split at spaces: "ccache g++" works), else the first of c++, g++,
// clang++ in PATH.
std::vector<std::string> find_compiler(std::string& why) {
    if (const char* cxx = std::getenv("CXX"); cxx && *cxx) {
        std::vector<std::string> argv;
        std::istringstream words(cxx);
        for (std::string w; words >> w;)
            argv.push_back(w);
        if (!argv.empty()) return argv;
    }
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "/usr/bin:/bin");
    for (const char* name : {"c++", "g++", "clang++"}) {
        std::istringstream again(dirs.str());
        for (std::string dir; std::getline(again, dir, ':');)
            if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return {name};
    }
    why = "no C++ compiler (set CXX, or install g++)";
    return {};
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// `CXX --version`'s output: the compiler's identity for the cache key.
std::string compiler_identity(const std::vector<std::string>& cxx, const fs::path& dir,
                              std::string& why) {
    std::vector<std::string> argv = cxx;
    argv.push_back("--version");
    const std::string log = (dir / fmt::format("version-{}.log", getpid())).string();
    const ProcessResult r = run_all({argv}, {log}, nullptr);
    if (!r.started)
        why = r.error;
    else if (r.status != 0)
        why = fmt::format("`{} --version` exited {}", cxx[0], r.status);
    std::string identity = why.empty() ? read_file(log) : "";
    std::error_code ec;
    fs::remove(log, ec);
    return identity;
}

// The cache directory, created private to the user; empty (and `why`
// says why) if there is none to use.
fs::path cache_dir(std::string& why) {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    fs::path base = xdg && *xdg ? fs::path(xdg) : home && *home ? fs::path(home) / ".cache" : "";
    if (base.empty()) {
        why = "no cache directory (neither XDG_CACHE_HOME nor HOME is set)";
        return {};
    }
    const fs::path dir = base / "shootdown";
    std::error_code ec;
    fs::create_directories(base, ec);
    mkdir(dir.c_str(), 0700);
    struct stat st {};
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & 022) != 0 || access(dir.c_str(), W_OK) != 0) {
        why = fmt::format("cache {} is not a directory private to you and writable", dir.string());
        return {};
    }
    return dir;
}

std::string cache_key(const GeneratedSource& src, const std::string& identity) {
    XXH3_state_t* h = XXH3_createState();
    XXH3_128bits_reset(h);
    auto add = [&](const std::string& s) {
        const std::uint64_t n = s.size();
        XXH3_128bits_update(h, &n, sizeof n);
        XXH3_128bits_update(h, s.data(), s.size());
    };
    add(std::to_string(sd_abi_version));
    for (std::size_t i = 0; i < kRuntimeFileCount; ++i)
        add(kRuntimeFiles[i].text);
    add(src.constants);
    for (const std::string& u : src.units)
        add(u);
    add(identity);
    for (const std::string& f : detail::compile_flags())
        add(f);
    const XXH128_hash_t k = XXH3_128bits_digest(h);
    XXH3_freeState(h);
    return fmt::format("{:016x}{:016x}", k.high64, k.low64);
}

} // namespace

// -O1 compiles a big model several times faster than -O2 and runs within a
// few per cent of it (docs/performance.md); -fwrapv gives signed overflow
// the interpreter's (two's complement) result. $SHOOTDOWN_CXXFLAGS adds
// flags (-march=native, -O2), which are part of the cache key.
std::vector<std::string> detail::compile_flags() {
    std::vector<std::string> flags = {"-std=c++20",          "-O1", "-fPIC", "-fwrapv",
                                      "-fvisibility=hidden", "-w"};
    if (const char* extra = std::getenv("SHOOTDOWN_CXXFLAGS")) {
        std::istringstream words(extra);
        for (std::string w; words >> w;)
            flags.push_back(w);
    }
    return flags;
}

bool emit_sources(const machine::Tables& tables, const std::string& dir) {
    return detail::write_sources(generate_source(tables, kUnits), dir);
}

BuildResult build_module(const machine::Tables& tables, const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    BuildResult r;
    auto done = [&]() -> BuildResult {
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return r;
    };
    if (!supports(tables.program.memory)) {
        r.why = "the compiled steps do not implement this memory model";
        return done();
    }
    const std::vector<std::string> cxx = find_compiler(r.why);
    if (cxx.empty()) return done();
    r.compiler = cxx[0];
    std::string no_cache;
    fs::path dir = cache_dir(no_cache);
    std::error_code ec;
    fs::path scratch;
    if (dir.empty()) { // compile anyway, in a private temporary directory
        std::string tmpl = (fs::temp_directory_path(ec) / "shootdown-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) {
            r.why = no_cache + ", and no temporary directory: " + std::strerror(errno);
            return done();
        }
        dir = scratch = tmpl;
        r.note = no_cache + ": compiled without caching";
    }
    const GeneratedSource src = generate_source(tables, kUnits);
    const std::string identity = compiler_identity(cxx, dir, r.why);
    if (identity.empty()) {
        if (!scratch.empty()) fs::remove_all(scratch, ec);
        return done();
    }
    const fs::path so = dir / (cache_key(src, identity) + ".so");
    std::string stale;
    if (fs::exists(so, ec)) {
        r.module = detail::load(so, src, tables.program.state_bytes(), stale);
        r.cached = r.module != nullptr;
        if (!r.module) fs::remove(so, ec); // stale or damaged: build it again
    }
    if (!r.module && detail::compile(cxx, src, dir, so, cancel, r.why))
        r.module = detail::load(so, src, tables.program.state_bytes(), r.why);
    if (!scratch.empty()) fs::remove_all(scratch, ec);
    return done();
}

} // namespace shootdown::compiled
