// Running the compiler: a child process with its output in a log file,
// polled so that a cancelled build (the search finished first) kills it.
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace shootdown::compiled {

struct ProcessResult {
    bool started = false;
    bool cancelled = false;
    int status = -1;   // exit status (128 + signal if killed by one)
    std::string error; // why it did not start
};

// Runs each of `commands` (argv vectors, argv[0] looked up in PATH) at
// once, stdout and stderr to `logs[i]`, stdin from /dev/null, and waits for
// all. The first failure (not started, non-zero exit, cancelled) is the
// result; the others are killed.
ProcessResult run_all(const std::vector<std::vector<std::string>>& commands,
                      const std::vector<std::string>& logs, const std::atomic<bool>* cancel);

// The first line of `path` that says "error" (or its first line).
std::string first_error_line(const std::string& path);

} // namespace shootdown::compiled
