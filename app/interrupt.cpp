#include "app/interrupt.hpp"

#include <unistd.h>

namespace shootdown::app {

namespace {

// A signal handler can reach nothing but static storage: these two are the
// program's only mutable globals, written by the handler alone.
std::atomic<bool> interrupted{false};
volatile std::sig_atomic_t received = 0;

static_assert(std::atomic<bool>::is_always_lock_free, "the handler needs a lock-free flag");

extern "C" void on_signal(int signal) {
    received = signal;
    interrupted.store(true, std::memory_order_relaxed);
    // write(2) is async-signal-safe; fmt is not.
    constexpr char kNote[] =
        "\nshootdown: interrupted: stopping the search and reporting what it explored "
        "(again to quit at once)\n";
    [[maybe_unused]] const ssize_t written = write(STDERR_FILENO, kNote, sizeof kNote - 1);
}

void install(int signal, struct sigaction& old) {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND; // the second signal takes the default action
    sigaction(signal, &action, &old);
}

} // namespace

InterruptScope::InterruptScope() {
    interrupted.store(false, std::memory_order_relaxed);
    received = 0;
    install(SIGINT, old_int_);
    install(SIGTERM, old_term_);
}

InterruptScope::~InterruptScope() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
}

const std::atomic<bool>* InterruptScope::flag() const {
    return &interrupted;
}

int InterruptScope::signal() const {
    return received;
}

const char* signal_name(int signal) {
    switch (signal) {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    }
    return "a signal";
}

} // namespace shootdown::app
