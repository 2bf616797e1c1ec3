// What toolchain.cpp and toolchain_build.cpp share.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/compiled/emit_module.hpp"
#include "model/compiled/toolchain.hpp"

namespace shootdown::compiled::detail {

// The compiler flags, $SHOOTDOWN_CXXFLAGS last (part of the cache key).
std::vector<std::string> compile_flags();

// Writes the runtime files and `src` into `dir`.
bool write_sources(const GeneratedSource& src, const std::filesystem::path& dir);

// dlopen()s `so` and checks it is `src`'s module for states of `state_bytes`.
std::shared_ptr<LoadedModule> load(const std::filesystem::path& so, const GeneratedSource& src,
                                   std::size_t state_bytes, std::string& why);

// Compiles `src` with `cxx` in a fresh directory under `dir` and renames the
// shared object to `so`.
bool compile(const std::vector<std::string>& cxx, const GeneratedSource& src,
             const std::filesystem::path& dir, const std::filesystem::path& so,
             const std::atomic<bool>* cancel, std::string& why);

} // namespace shootdown::compiled::detail
