// Building a Program's compiled steps: generate the C++ (emit_module.hpp),
// compile it with the system compiler into a shared object, load it with
// dlopen, check it is the one asked for. A cache under
// $XDG_CACHE_HOME/shootdown (or ~/.cache/shootdown), private to the user
// and written atomically, is keyed by everything that changes the code —
// the ABI version, the runtime, the generated source, the compiler's
// identity and flags — so a second run of a model starts without
// compiling. Every failure is a one-line reason, never an exception: the
// caller runs the interpreter instead.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "model/compiled/abi.hpp"
#include "model/machine/tables.hpp"

namespace shootdown::compiled {

// A loaded shared object; unloaded when the last user lets go.
class LoadedModule {
public:
    LoadedModule(void* handle, const sd_module* module) : handle_(handle), module_(module) {}
    LoadedModule(const LoadedModule&) = delete;
    LoadedModule& operator=(const LoadedModule&) = delete;
    ~LoadedModule();
    [[nodiscard]] const sd_module& module() const { return *module_; }

private:
    void* handle_;
    const sd_module* module_;
};

struct BuildResult {
    std::shared_ptr<LoadedModule> module; // null: see `why`
    std::string why;                      // one line: why there is no module
    std::string note;                     // one line worth saying even on success (no cache)
    bool cached = false;                  // loaded from the cache, nothing compiled
    double seconds = 0;                   // generating, compiling and loading
    std::string compiler;                 // the program that compiled it
};

// Writes the generated source (and the runtime it includes) into `dir`,
// which must exist, as the compiler would get it: `shootdown list
// --emit-compiled DIR`, for reading what runs. False if a write failed.
bool emit_sources(const machine::Tables& tables, const std::string& dir);

// Builds (or loads from the cache) the compiled steps of `tables`' Program.
// `cancel`, if given, is polled while the compiler runs: setting it kills
// the compiler and returns without a module.
[[nodiscard]] BuildResult build_module(const machine::Tables& tables,
                                       const std::atomic<bool>* cancel = nullptr);

} // namespace shootdown::compiled
