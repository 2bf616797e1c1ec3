// Checker bugs the random models found, kept as reproducers. They are
// hidden ([.]): run them with
//   build/tests/random/random_soundness_tests "[known-bug]"
// and make them visible once the bug is fixed (they must pass then).
#include <catch2/catch.hpp>

#include "model/frontend.hpp"

using namespace shootdown;

namespace {

bool loads_with_an_error(const std::string& text) {
    LoadResult r = load_model_text("bug.sd", text, {});
    return !r.program && r.diagnostics.has_errors();
}

} // namespace

// Found by seed 19 (an earlier generator let handlers send with
// smp_call_function_single(this_cpu, ...)). A handler whose body runs
// itself locally (on_each_cpu, on_each_cpu_mask, smp_call_function_single
// to this CPU) is inlined into itself without end: the front end overflows
// its stack (SIGSEGV in Lowerer::run_handler_locally -> inline_body ->
// ipi_call) instead of reporting the recursion, as it does for functions.
TEST_CASE("a handler that runs itself locally is reported as recursion",
          "[.][known-bug][frontend]") {
    CHECK(loads_with_an_error("type cpu = cpus(1);\n"
                              "irq again() { on_each_cpu(again, false); }\n"
                              "process { skip; }\n"));
    CHECK(loads_with_an_error("type cpu = cpus(2);\n"
                              "irq ping() { smp_call_function_single(0, pong, false); }\n"
                              "irq pong() { smp_call_function_single(0, ping, false); }\n"
                              "process { skip; }\n"));
}
