// The JSON form of a counterexample (schema: docs/trace-format.md) and its
// replay: re-execute the recorded steps and confirm the violation.
#pragma once

#include <optional>
#include <string>

#include "model/machine/trace.hpp"

namespace shootdown::machine {

struct TraceFile {
    TraceContext context;
    std::string violation; // property name as printed
    std::string kind;      // invariant | step | deadlock
    std::uint32_t initial = 0;
    std::vector<std::uint32_t> ordinals; // one per step
    std::vector<std::uint32_t> cpus;     // the CPU of each step, checked on replay
};

// Parses a trace file; on error returns nullopt and sets `error` to
// "file:line: what was expected".
std::optional<TraceFile> parse_trace_json(const std::string& path, std::string& error);

struct ReplayResult {
    bool replayed = false;  // every step existed and ran on the recorded CPU
    bool confirmed = false; // the final state (or step) breaks the recorded property
    std::string message;    // what went wrong, or what was confirmed
    Trace trace;
};

ReplayResult replay(const Machine& machine, const TraceFile& file);

} // namespace shootdown::machine
