// The transitions partial-order reduction reasons about, as numbered in
// Successors::group (the number plus one; 0 is kNoGroup): per CPU, its
// current statement (process or handler code), taking an IPI from each
// sender, each hardware action, and the store-buffer drain. The
// interpreter and the compiled steps label every successor with these;
// model/reduce/por_system.cpp reads them.
#pragma once

#include <cstdint>

namespace shootdown::machine {

struct StepGroups {
    std::uint32_t cpus = 0, actions = 0;

    [[nodiscard]] std::uint32_t per_cpu() const { return 2 + cpus + actions; }
    [[nodiscard]] std::uint32_t count() const { return cpus * per_cpu(); }
    [[nodiscard]] std::uint32_t statement(std::uint32_t cpu) const { return cpu * per_cpu(); }
    [[nodiscard]] std::uint32_t take(std::uint32_t cpu, std::uint32_t sender) const {
        return cpu * per_cpu() + 1 + sender;
    }
    [[nodiscard]] std::uint32_t hardware(std::uint32_t cpu, std::uint32_t action) const {
        return cpu * per_cpu() + 1 + cpus + action;
    }
    [[nodiscard]] std::uint32_t drain(std::uint32_t cpu) const {
        return cpu * per_cpu() + 1 + cpus + actions;
    }
};

} // namespace shootdown::machine
