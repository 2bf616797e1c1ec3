#include "model/frontend.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "model/ir/lower.hpp"
#include "model/ir/lower_internal.hpp"
#include "model/lang/parser.hpp"

namespace shootdown {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> read_file(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The key that identifies a file however an import spells its path.
std::string file_key(const fs::path& path) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    return ec ? path.lexically_normal().string() : canonical.string();
}

// Parses a file and, depth first, the files it imports; `order` lists each
// module after everything it imports, so declarations are seen before use.
class ModuleLoader {
public:
    ModuleLoader(LoadResult& result, const LoadOptions& options)
        : result_(result), options_(options) {}

    void load(std::uint32_t file) {
        auto module = std::make_unique<lang::Module>(
            lang::parse(*result_.sources, file, result_.diagnostics));
        stack_.push_back(file_key(result_.sources->file(file).path()));
        for (const lang::Decl& d : module->decls)
            if (d.kind == lang::Decl::Kind::Import) import(d, file);
        stack_.pop_back();
        order_.push_back(module.get());
        modules_.push_back(std::move(module));
    }

    std::vector<const lang::Module*> order() const { return order_; }

private:
    void import(const lang::Decl& d, std::uint32_t from) {
        fs::path base = fs::path(result_.sources->file(from).path()).parent_path();
        std::vector<fs::path> candidates{base / d.name};
        for (const std::string& dir : options_.library_dirs)
            candidates.push_back(fs::path(dir) / d.name);
        for (const fs::path& p : candidates) {
            std::string key = file_key(p);
            if (auto cycle = std::find(stack_.begin(), stack_.end(), key); cycle != stack_.end()) {
                if (cycle + 1 == stack_.end()) {
                    result_.diagnostics.error(d.name_span,
                                              fmt::format("`{}` imports itself", d.name),
                                              "remove the circular import");
                    return;
                }
                std::string chain;
                for (auto it = cycle; it != stack_.end(); ++it)
                    chain += fs::path(*it).filename().string() + " -> ";
                result_.diagnostics.error(d.name_span,
                                          fmt::format("circular import of `{}`", d.name),
                                          fmt::format("the imports form a cycle: {}{}", chain,
                                                      fs::path(key).filename().string()));
                return;
            }
            if (loaded_.count(key)) return;
            if (std::optional<std::string> text = read_file(p.string())) {
                loaded_.insert(key);
                std::uint32_t id = result_.sources->add(p.string(), std::move(*text));
                load(id);
                return;
            }
        }
        result_.diagnostics.error(d.name_span, fmt::format("cannot find `{}` to import", d.name),
                                  "imports are looked up next to the model, then in model/lib");
    }

    LoadResult& result_;
    const LoadOptions& options_;
    std::vector<std::unique_ptr<lang::Module>> modules_;
    std::vector<const lang::Module*> order_;
    std::vector<std::string> stack_;
    std::set<std::string> loaded_;
};

LoadResult load(std::string name, std::string text, const LoadOptions& options) {
    LoadResult result;
    auto sources = std::make_shared<lang::SourceManager>();
    result.sources = sources;
    std::uint32_t main = sources->add(name, std::move(text));
    ModuleLoader loader(result, options);
    loader.load(main);
    // Syntax errors leave holes in the tree (a declaration or a statement
    // skipped): checking names and types then would only report their echoes.
    if (!result.diagnostics.has_errors()) {
        std::optional<ir::Program> program =
            ir::lower(loader.order(), options, sources, result.diagnostics, result.summary);
        if (!result.diagnostics.has_errors()) result.program = std::move(program);
    }
    result.diagnostics.sort_by_location();
    return result;
}

} // namespace

LoadResult load_model(const std::string& path, const LoadOptions& options) {
    std::optional<std::string> text = read_file(path);
    if (!text) {
        LoadResult result;
        result.sources = std::make_shared<lang::SourceManager>();
        result.sources->add(path, "");
        result.diagnostics.error({0, 0, 0}, fmt::format("cannot read model file `{}`", path),
                                 "check the path; models end in .sd");
        return result;
    }
    LoadOptions with_lib = options;
    if (with_lib.library_dirs.empty()) with_lib.library_dirs.push_back(default_library_dir());
    return load(path, std::move(*text), with_lib);
}

LoadResult load_model_text(const std::string& name, std::string text, const LoadOptions& options) {
    return load(name, std::move(text), options);
}

std::string default_library_dir() {
#ifdef SHOOTDOWN_LIBRARY_DIR
    return SHOOTDOWN_LIBRARY_DIR;
#else
    return "model/lib";
#endif
}

} // namespace shootdown

namespace shootdown::ir {

std::optional<Program> lower(const std::vector<const lang::Module*>& modules,
                             const LoadOptions& options,
                             std::shared_ptr<const lang::SourceManager> sources,
                             lang::Diagnostics& diagnostics, ModelSummary& summary) {
    Lowerer lowerer(options, std::move(sources), diagnostics, summary);
    return lowerer.run(modules);
}

} // namespace shootdown::ir
