// Compiling the generated units and loading the result (toolchain.cpp).
#include <dlfcn.h>
#include <stdlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "model/compiled/embedded.hpp"
#include "model/compiled/emit_module.hpp"
#include "model/compiled/process.hpp"
#include "model/compiled/toolchain_internal.hpp"

namespace shootdown::compiled::detail {

namespace fs = std::filesystem;

bool write_sources(const GeneratedSource& src, const fs::path& work) {
    bool ok = true;
    auto put = [&](const fs::path& p, const std::string& text) {
        std::ofstream out(p, std::ios::binary);
        out << text;
        ok = ok && static_cast<bool>(out.flush());
    };
    for (std::size_t i = 0; i < kRuntimeFileCount; ++i)
        put(work / kRuntimeFiles[i].name, kRuntimeFiles[i].text);
    put(work / "constants.inc", src.constants);
    for (std::size_t u = 0; u < src.units.size(); ++u)
        put(work / fmt::format("unit_{}.cpp", u), src.units[u]);
    return ok;
}

std::shared_ptr<LoadedModule> load(const fs::path& so, const GeneratedSource& src,
                                   std::size_t state_bytes, std::string& why) {
    void* handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        why = fmt::format("cannot load {}: {}", so.string(), dlerror());
        return nullptr;
    }
    auto entry = reinterpret_cast<sd_entry>(dlsym(handle, sd_entry_name));
    const sd_module* m = entry ? entry() : nullptr;
    if (!m || m->abi != sd_abi_version || m->state_bytes != state_bytes ||
        std::strcmp(m->fingerprint, src.fingerprint.c_str()) != 0) {
        dlclose(handle);
        why = fmt::format("{} is not this model's compiled steps (stale)", so.string());
        return nullptr;
    }
    return std::make_shared<LoadedModule>(handle, m);
}

// Compiles the units in parallel in a fresh directory under `dir`, links
// them, and renames the result to `so` (atomic: a reader sees the whole
// file or none).
bool compile(const std::vector<std::string>& cxx, const GeneratedSource& src, const fs::path& dir,
             const fs::path& so, const std::atomic<bool>* cancel, std::string& why) {
    std::string tmpl = (dir / "build-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) {
        why = fmt::format("cannot create a build directory in {}: {}", dir.string(),
                          std::strerror(errno));
        return false;
    }
    const fs::path work = tmpl;
    std::error_code ec;
    if (!write_sources(src, work)) {
        why = fmt::format("cannot write the generated code to {}", work.string());
        fs::remove_all(work, ec);
        return false;
    }
    std::vector<std::vector<std::string>> units;
    std::vector<std::string> logs;
    std::vector<std::string> link = cxx;
    link.insert(link.end(), {"-shared", "-o", (work / "module.so").string()});
    for (std::size_t u = 0; u < src.units.size(); ++u) {
        std::vector<std::string> argv = cxx;
        const std::vector<std::string> flags = compile_flags();
        argv.insert(argv.end(), flags.begin(), flags.end());
        const std::string obj = (work / fmt::format("unit_{}.o", u)).string();
        argv.insert(argv.end(), {"-c", (work / fmt::format("unit_{}.cpp", u)).string(), "-o", obj});
        units.push_back(argv);
        logs.push_back((work / fmt::format("unit_{}.log", u)).string());
        link.push_back(obj);
    }
    ProcessResult r = run_all(units, logs, cancel);
    std::string log = logs[0];
    if (r.started && r.status == 0 && !r.cancelled) {
        log = (work / "link.log").string();
        r = run_all({link}, {log}, cancel);
    }
    bool ok = r.started && r.status == 0 && !r.cancelled;
    if (r.cancelled)
        why = "cancelled";
    else if (!r.started)
        why = r.error;
    else if (!ok)
        why = fmt::format("{} failed (exit {}): {}", cxx[0], r.status, first_error_line(log));
    for (std::size_t u = 0; !ok && r.started && !r.cancelled && u < logs.size(); ++u)
        if (const std::string e = first_error_line(logs[u]); e.find("error") != std::string::npos)
            why = fmt::format("{} failed: {}", cxx[0], e);
    if (ok) {
        fs::rename(work / "module.so", so, ec);
        if (ec) why = fmt::format("cannot write {}: {}", so.string(), ec.message());
        ok = !ec;
    }
    fs::remove_all(work, ec);
    return ok;
}

} // namespace shootdown::compiled::detail
