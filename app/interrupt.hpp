// SIGINT and SIGTERM end a run cleanly: the first one asks the search to
// stop (it reports what it explored, INCOMPLETE, exit 3); a second one
// ends the process at once (the handler resets itself on delivery).
#pragma once

#include <atomic>
#include <csignal>

namespace shootdown::app {

class InterruptScope {
public:
    // Installs the handlers for the lifetime of the scope (one at a time).
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

    // Set once a signal has arrived; SearchOptions::interrupt.
    [[nodiscard]] const std::atomic<bool>* flag() const;
    // The signal that arrived (0 if none), for the message.
    [[nodiscard]] int signal() const;

private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
};

// "SIGINT", "SIGTERM" or "signal N".
const char* signal_name(int signal);

} // namespace shootdown::app
