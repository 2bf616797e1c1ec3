// Shared by the litmus tests: running a file or a text under one memory
// model, and reading the files' header lines.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "litmus/litmus.hpp"

namespace shootdown::litmus::testing {

namespace fs = std::filesystem;

// Runs a test that must be well formed (REQUIREd, with the diagnostics shown).
LitmusRun run_ok(const fs::path& file, ir::MemoryModel memory);
LitmusRun run_text(const std::string& text, ir::MemoryModel memory);

// The word after `KEY:` in a file's text ("Result", "SC"); "" if absent.
std::string header_word(const std::string& text, const std::string& key);

std::string read_text(const fs::path& file);

// The files with this extension in a folder, sorted.
std::vector<fs::path> files_in(const fs::path& folder, const std::string& extension);

} // namespace shootdown::litmus::testing
