// The litmus driver as a library: a C litmus file in, its final states out
// (parse and translate to .sd with model/litmus, then an exhaustive search).
// It never prints; app/litmus.cpp decides what to show.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "litmus/run.hpp"
#include "model/ir/program.hpp"
#include "model/lang/diagnostics.hpp"
#include "model/lang/source.hpp"
#include "model/litmus/ast.hpp"
#include "model/litmus/translate.hpp"

namespace shootdown::litmus {

struct LitmusOptions {
    ir::MemoryModel memory = ir::MemoryModel::TSO;
    bool run = true; // false: parse and translate only
};

struct LitmusRun {
    std::shared_ptr<lang::SourceManager> sources;
    lang::Diagnostics diagnostics;          // malformed or unsupported input
    std::optional<Test> test;               // set when the file parses
    std::optional<Translation> translation; // set when every construct is supported
    std::optional<Outcome> outcome;         // set when the test ran
};

// Run-time failures of the generated model are bugs: run() throws
// std::logic_error for them.
LitmusRun check_litmus_file(const std::string& path, const LitmusOptions& options);
LitmusRun check_litmus_text(const std::string& name, std::string text,
                            const LitmusOptions& options);

} // namespace shootdown::litmus
