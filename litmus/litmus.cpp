#include "litmus/litmus.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "model/litmus/parser.hpp"

namespace shootdown::litmus {

LitmusRun check_litmus_text(const std::string& name, std::string text,
                            const LitmusOptions& options) {
    LitmusRun r;
    r.sources = std::make_shared<lang::SourceManager>();
    std::uint32_t file = r.sources->add(name, std::move(text));
    r.test = parse(*r.sources, file, r.diagnostics);
    if (!r.test) return r;
    r.translation = translate(*r.test, *r.sources, r.diagnostics);
    r.diagnostics.sort_by_location();
    if (!r.translation || !options.run) return r;
    r.outcome = run(*r.test, *r.translation, options.memory);
    return r;
}

LitmusRun check_litmus_file(const std::string& path, const LitmusOptions& options) {
    std::error_code ec;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (std::filesystem::is_regular_file(path, ec) && in) text << in.rdbuf();
    if (!std::filesystem::is_regular_file(path, ec) || !in) {
        LitmusRun r;
        r.sources = std::make_shared<lang::SourceManager>();
        r.sources->add(path, "");
        r.diagnostics.error({0, 0, 0}, fmt::format("cannot read litmus file `{}`", path),
                            "check the path; litmus tests end in .litmus");
        return r;
    }
    return check_litmus_text(path, text.str(), options);
}

} // namespace shootdown::litmus
