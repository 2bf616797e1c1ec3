#include "model/compiled/compile_job.hpp"

#include <fmt/format.h>

#include "model/compiled/compiled_stepper.hpp"

namespace shootdown::compiled {

std::optional<CompileMode> compile_mode_named(std::string_view name) {
    if (name == "auto") return CompileMode::Auto;
    if (name == "always") return CompileMode::Always;
    if (name == "never") return CompileMode::Never;
    return std::nullopt;
}

CompileJob::CompileJob(machine::Machine& machine, CompileMode mode,
                       std::function<void(const std::string&)> on_note)
    : machine_(machine), mode_(mode), on_note_(std::move(on_note)),
      start_(std::chrono::steady_clock::now()) {
    switch (mode_) {
    case CompileMode::Always:
        started_ = true;
        build();
        return;
    case CompileMode::Auto:
        thread_ = std::thread([this] {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, kAutoDelay, [this] { return cancel_.load(); })) return;
            started_ = true;
            lock.unlock();
            build();
        });
        return;
    case CompileMode::Never:
        return;
    }
}

void CompileJob::build() {
    result_ = build_module(machine_.tables(), &cancel_);
    if (!result_.module) {
        if (result_.why != "cancelled")
            on_note_(
                fmt::format("compiled steps unavailable ({}); using the interpreter", result_.why));
        return;
    }
    if (!result_.note.empty()) on_note_(result_.note);
    machine_.adopt_steps(std::make_unique<CompiledStepper>(result_.module, machine_.interpreter(),
                                                           machine_.program().statistics.size()));
    adopted_after_ =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    adopted_.store(true, std::memory_order_release);
}

void CompileJob::finish() {
    {
        std::lock_guard lock(mutex_);
        cancel_.store(true);
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::string CompileJob::engine_line() const {
    if (mode_ == CompileMode::Never) return "engine: interpreter (--compile never)\n";
    if (!started_) return "engine: interpreter (finished before compiling would pay)\n";
    if (!adopted_.load(std::memory_order_acquire))
        return result_.why == "cancelled"
                   ? fmt::format("engine: interpreter (finished while compiling, {:.2f} s in)\n",
                                 result_.seconds)
                   : fmt::format("engine: interpreter (compiled steps unavailable: {})\n",
                                 result_.why);
    const std::string how =
        result_.cached
            ? fmt::format("loaded from the cache in {:.2f} s", result_.seconds)
            : fmt::format("compiled by {} in {:.2f} s", result_.compiler, result_.seconds);
    if (mode_ == CompileMode::Always) return fmt::format("engine: compiled steps ({})\n", how);
    return fmt::format("engine: interpreter, then compiled steps from {:.2f} s on ({})\n",
                       adopted_after_, how);
}

} // namespace shootdown::compiled
