// libFuzzer entry point: load_model_text() on arbitrary bytes. Besides the
// sanitizers it checks the front end's own contract: a Program exactly when
// there is no error, and every diagnostic located inside its file and
// renderable.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "model/frontend.hpp"

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    shootdown::LoadOptions options;
    options.library_dirs.push_back(SHOOTDOWN_FUZZ_IMPORT_DIR);
    shootdown::LoadResult r = shootdown::load_model_text("fuzz.sd", std::move(text), options);
    check(r.program.has_value() != r.diagnostics.has_errors());
    for (const shootdown::lang::Diagnostic& d : r.diagnostics.all()) {
        check(!d.message.empty());
        if (!d.located) continue;
        check(d.span.file < r.sources->size());
        check(d.span.begin <= d.span.end);
        check(d.span.end <= r.sources->file(d.span.file).text().size());
    }
    check(!shootdown::lang::render_all(*r.sources, r.diagnostics).empty() ||
          r.diagnostics.all().empty());
    if (r.program) {
        const shootdown::ir::Program& p = *r.program;
        check(p.initial_state.size() == p.state_bytes());
        check(p.state_bytes() * 8ull >= p.state_bits);
        check(p.process_entry < p.code.size());
    }
    return 0;
}
