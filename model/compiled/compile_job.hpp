// --compile auto|always|never: when a Machine's steps get compiled, and
// what the run says about it.
//   always  build (or load from the cache) before the search starts;
//   auto    start searching with the interpreter; if the search is still
//           running after kAutoDelay, build in a background thread and
//           switch the Machine to the compiled steps the moment they load
//           (safe at any point: both give the same successors). Runs that
//           finish sooner never start a compiler;
//   never   the interpreter only.
// A failed build is one note (`on_note`) and the interpreter goes on.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "model/compiled/toolchain.hpp"
#include "model/machine/machine.hpp"

namespace shootdown::compiled {

enum class CompileMode { Auto, Always, Never };

[[nodiscard]] std::optional<CompileMode> compile_mode_named(std::string_view name);

inline constexpr std::chrono::milliseconds kAutoDelay{300};

class CompileJob {
public:
    CompileJob(machine::Machine& machine, CompileMode mode,
               std::function<void(const std::string&)> on_note);
    CompileJob(const CompileJob&) = delete;
    CompileJob& operator=(const CompileJob&) = delete;
    ~CompileJob() { finish(); }

    // The search is over: stop a build still running and wait for it.
    void finish();
    // Which engine ran and what compiling cost ("engine: ..."); after finish().
    [[nodiscard]] std::string engine_line() const;
    // True once the compiled steps run the search.
    [[nodiscard]] bool adopted() const { return adopted_.load(std::memory_order_acquire); }

private:
    void build();

    machine::Machine& machine_;
    CompileMode mode_;
    std::function<void(const std::string&)> on_note_;
    std::chrono::steady_clock::time_point start_;
    double adopted_after_ = 0; // seconds into the run
    std::atomic<bool> cancel_{false};
    std::atomic<bool> adopted_{false};
    bool started_ = false; // a build ran (or is running)
    BuildResult result_;
    std::mutex mutex_;
    std::condition_variable wake_; // finish() cuts the auto delay short
    std::thread thread_;
};

} // namespace shootdown::compiled
