// The JSON form of a counterexample (schema: docs/trace-format.md) and its
// replay: re-execute the recorded steps, check that each does what the file
// says it did, and confirm the violation.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/machine/trace.hpp"

namespace shootdown::machine {

// A trace is a few kB to a few MB and nests 4 levels deep; anything far
// beyond that is not a trace, and must not exhaust memory or the stack.
inline constexpr std::size_t kMaxTraceBytes = std::size_t{64} << 20;
inline constexpr std::size_t kMaxTraceNesting = 64;

// What the file says a step did, in the writer's words (ReportStep's fields).
struct RecordedStep {
    std::string kind; // program | interrupt | hardware | drain
    std::string name;
    std::string location;
    std::string source;
    std::vector<std::string> events;
    bool operator==(const RecordedStep&) const = default;
};

struct TraceFile {
    TraceContext context;
    std::string violation; // property name as printed
    std::string kind;      // invariant | step | deadlock
    std::uint32_t initial = 0;
    std::vector<std::uint32_t> ordinals; // one per step
    std::vector<std::uint32_t> cpus;     // the CPU of each step
    std::vector<RecordedStep> steps;     // the rest of each step, compared on replay
};

// Reads and validates a trace file; on error returns nullopt and sets `error`
// to "file:line:col: error: what is wrong" (or "file: error: ..." when the
// file cannot be read).
std::optional<TraceFile> parse_trace_json(const std::string& path, std::string& error);
// The same for a trace already in memory; `name` is the file name to report.
std::optional<TraceFile> parse_trace_json_text(const std::string& name, std::string_view text,
                                               std::string& error);

struct ReplayResult {
    bool replayed = false;  // every step exists and did exactly what the file records
    bool confirmed = false; // the final state (or step) breaks the recorded property
    std::string message;    // what went wrong, or what was confirmed
    Trace trace;            // the steps re-executed so far
};

ReplayResult replay(const Machine& machine, const TraceFile& file);

} // namespace shootdown::machine
