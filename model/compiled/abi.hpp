// The C ABI between shootdown and a model's compiled steps: a shared object
// that compiled/toolchain.cpp builds from the C++ that compiled/emit_*.cpp
// generate, and loads with dlopen. Self-contained (the standard library
// only): the generated source includes this same file.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

extern "C" {

// checker::Successors' storage, lent to the module for one successors()
// call: the module appends successors, marks them dead or violating, and
// sets their partial-order groups exactly as the interpreter does.
struct sd_successors {
    std::byte* data;           // capacity * state_bytes
    std::uint32_t* violations; // per successor: a property id, sd_no_property or sd_dead
    std::uint32_t* groups;     // per successor: partial-order group (0: none)
    std::size_t count, capacity;
    void* host;
    // Grows the three arrays (keeping `count`) and updates the pointers and
    // the capacity.
    void (*grow)(sd_successors* self);
    // The search's stop flag (null: never stops); forks and choices poll it
    // so that one long expansion cannot outlast the limits.
    const std::atomic<bool>* stop;
};

// What the module asks of the checker.
struct sd_host {
    // XXH3-64 of the bytes: the "same choice, same state" check.
    std::uint64_t (*hash)(const void* data, std::size_t bytes);
    // Incremented (relaxed) when a store waits on a full store buffer.
    std::uint64_t* bound_hits;
};

struct sd_module {
    std::uint32_t abi;         // sd_abi_version
    std::uint32_t state_bytes; // Program::state_bytes()
    const char* fingerprint;   // hash of the generated source it was built from
    void (*successors)(const std::byte* state, sd_successors* out, const sd_host* host);
    // The first invariant or run-time check `state` violates
    // (sd_no_property if none); the values of the statistics it evaluated
    // before that go to values[0 .. *recorded).
    std::uint32_t (*check_state)(const std::byte* state, std::int64_t* values,
                                 std::uint32_t* recorded);
};

// The module's one exported symbol.
using sd_entry = const sd_module* (*)();
inline constexpr const char* sd_entry_name = "shootdown_compiled_module";

// Bumped whenever this file or runtime.inc changes meaning, so that a
// cached module built for another version is never loaded.
inline constexpr std::uint32_t sd_abi_version = 2;
inline constexpr std::uint32_t sd_no_property = 0xffffffffu;
inline constexpr std::uint32_t sd_dead = 0xfffffffeu;
}
