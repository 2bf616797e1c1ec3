// One function per subcommand; main.cpp only wires CLI11 to these.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shootdown::app {

// Options shared by every command that loads a model.
struct ModelOptions {
    std::string model;
    std::string variant;
    std::vector<std::string> params; // "K=V"
    std::string memory;              // "" (model default), "sc", "tso"
    std::uint32_t store_buffer = 0;  // 0: unset (2, or what a replayed trace says)
    std::size_t max_errors = 20;     // diagnostics printed at most (0: all)
};

struct CheckOptions {
    ModelOptions model;
    std::string strategy = "bfs";
    std::uint64_t max_states = 0;
    std::string max_memory; // "4G", "512M"
    double time_limit = 0;
    std::uint32_t max_depth = 0;
    unsigned threads = 0;        // 0: one per core
    std::string store = "exact"; // exact, hashcompact, bitstate
    unsigned bitstate_bits = 30; // log2 of the bit array's size
    std::string trace_json;
    bool quiet = false;
    bool brief = false; // one line per step
    bool progress = false;
    bool no_deadlock = false;
    bool por = false;             // partial-order reduction (docs/por.md)
    bool por_stats = false;       // with --por: how much the persistent sets kept
    bool symmetry = false;        // search orbit representatives (docs/symmetry.md)
    bool self_check = false;      // verify the machine's promises on every state (slow)
    std::string compile = "auto"; // the compiled steps: auto, always, never
};

// `shootdown replay MODEL TRACE`: the trace's run settings, unless the
// command line gives them (CLI11's counts tell a given default from none).
struct ReplayOptions {
    ModelOptions model;
    std::string trace_file;
    bool variant_given = false;
    bool memory_given = false;
    bool store_buffer_given = false;
};

// `shootdown litmus FILE...`: C litmus tests on the SC or x86-TSO machine.
struct LitmusOptions {
    std::vector<std::string> files;
    std::string memory = "tso";
    bool expect = false;     // compare with each file's `Result:` line
    bool emit_model = false; // print the generated .sd model instead of running it
};

int run_check(const CheckOptions& options);
int run_list(const ModelOptions& options, bool ir, const std::string& emit_compiled);
int run_replay(const ReplayOptions& options);
int run_litmus(const LitmusOptions& options);

} // namespace shootdown::app
