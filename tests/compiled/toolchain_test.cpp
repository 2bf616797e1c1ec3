// Building the compiled steps and every way it can fail: each failure is a
// one-line reason and no module (the caller runs the interpreter), never
// an exception or a wrong module; the cache is used, refused when stale,
// and optional.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "checker/search.hpp"
#include "model/compiled/compile_job.hpp"
#include "model/compiled/toolchain.hpp"
#include "model/frontend.hpp"

using namespace shootdown;
namespace fs = std::filesystem;

namespace {

// Sets an environment variable for one test's scope.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        setenv(name, value.c_str(), 1);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;
    ~ScopedEnv() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }

private:
    const char* name_;
    std::optional<std::string> old_;
};

// A fresh cache directory for the test.
fs::path fresh_cache(const char* name) {
    const fs::path dir = fs::temp_directory_path() /
                         ("shootdown-cache-test-" + std::to_string(getpid()) + "-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

ir::Program teaching_model() {
    LoadOptions o;
    o.variant = "WAIT";
    LoadResult r = load_model(SHOOTDOWN_SOURCE_DIR "/examples/teaching/flush_wait.sd", o);
    REQUIRE(r.program);
    return std::move(*r.program);
}

std::size_t cached_modules(const fs::path& cache) {
    std::size_t n = 0;
    for (const auto& f : fs::directory_iterator(cache / "shootdown"))
        n += f.path().extension() == ".so";
    return n;
}

} // namespace

TEST_CASE("a model compiles once and loads from the cache after", "[compiled]") {
    const fs::path cache = fresh_cache("hit");
    ScopedEnv xdg("XDG_CACHE_HOME", cache.string());
    const ir::Program p = teaching_model();
    const machine::Tables t(p);
    const compiled::BuildResult first = compiled::build_module(t);
    INFO(first.why);
    REQUIRE(first.module);
    CHECK_FALSE(first.cached);
    CHECK(first.module->module().state_bytes == p.state_bytes());
    const compiled::BuildResult second = compiled::build_module(t);
    REQUIRE(second.module);
    CHECK(second.cached);
    CHECK(cached_modules(cache) == 1);
    CHECK((fs::status(cache / "shootdown").permissions() & fs::perms::others_all) ==
          fs::perms::none);
    fs::remove_all(cache);
}

TEST_CASE("a damaged cached module is rebuilt, not loaded", "[compiled]") {
    const fs::path cache = fresh_cache("stale");
    ScopedEnv xdg("XDG_CACHE_HOME", cache.string());
    const ir::Program p = teaching_model();
    const machine::Tables t(p);
    REQUIRE(compiled::build_module(t).module);
    for (const auto& f : fs::directory_iterator(cache / "shootdown"))
        if (f.path().extension() == ".so") std::ofstream(f.path()) << "not a shared object";
    const compiled::BuildResult again = compiled::build_module(t);
    INFO(again.why);
    REQUIRE(again.module);
    CHECK_FALSE(again.cached);
    fs::remove_all(cache);
}

TEST_CASE("a broken compiler gives no module and says why", "[compiled]") {
    const fs::path cache = fresh_cache("broken");
    ScopedEnv xdg("XDG_CACHE_HOME", cache.string());
    const ir::Program p = teaching_model();
    const machine::Tables t(p);
    {
        ScopedEnv cxx("CXX", "false");
        const compiled::BuildResult r = compiled::build_module(t);
        CHECK_FALSE(r.module);
        CHECK(r.why == "`false --version` exited 1");
    }
    {
        ScopedEnv cxx("CXX", "/nonexistent/c++");
        const compiled::BuildResult r = compiled::build_module(t);
        CHECK_FALSE(r.module);
        CHECK(r.why.find("/nonexistent/c++") != std::string::npos);
    }
    {
        ScopedEnv flags("SHOOTDOWN_CXXFLAGS", "-include /nonexistent/header.h");
        const compiled::BuildResult r = compiled::build_module(t);
        CHECK_FALSE(r.module);
        CHECK(r.why.find("failed") != std::string::npos);
        CHECK(r.why.find("/nonexistent/header.h") != std::string::npos);
    }
    CHECK(cached_modules(cache) == 0);
    fs::remove_all(cache);
}

TEST_CASE("without a usable cache the module is built privately and not kept", "[compiled]") {
    ScopedEnv xdg("XDG_CACHE_HOME", "/dev/null/cache");
    const ir::Program p = teaching_model();
    const machine::Tables t(p);
    const compiled::BuildResult r = compiled::build_module(t);
    INFO(r.why);
    REQUIRE(r.module);
    CHECK(r.note.find("compiled without caching") != std::string::npos);
}

TEST_CASE("a cancelled build stops the compiler and gives no module", "[compiled]") {
    const fs::path cache = fresh_cache("cancel");
    ScopedEnv xdg("XDG_CACHE_HOME", cache.string());
    const ir::Program p = teaching_model();
    const machine::Tables t(p);
    const std::atomic<bool> cancel{true};
    const compiled::BuildResult r = compiled::build_module(t, &cancel);
    CHECK_FALSE(r.module);
    CHECK(r.why == "cancelled");
    CHECK(cached_modules(cache) == 0);
    fs::remove_all(cache);
}

TEST_CASE("the engine line of --compile says what ran", "[compiled]") {
    const fs::path cache = fresh_cache("job");
    ScopedEnv xdg("XDG_CACHE_HOME", cache.string());
    const ir::Program p = teaching_model();
    std::string notes;
    auto note = [&](const std::string& n) { notes += n + "\n"; };
    {
        machine::Machine m(p);
        compiled::CompileJob job(m, compiled::CompileMode::Always, note);
        REQUIRE(job.adopted());
        const checker::SearchResult r = checker::search(m, {});
        job.finish();
        CHECK(r.stats.states == 122);
        CHECK(job.engine_line().rfind("engine: compiled steps (compiled by ", 0) == 0);
    }
    {
        machine::Machine m(p);
        compiled::CompileJob job(m, compiled::CompileMode::Auto, note);
        const checker::SearchResult r = checker::search(m, {}); // far quicker than kAutoDelay
        job.finish();
        CHECK(r.stats.states == 122);
        CHECK(job.engine_line() == "engine: interpreter (finished before compiling would pay)\n");
    }
    {
        ScopedEnv cxx("CXX", "false");
        machine::Machine m(p);
        compiled::CompileJob job(m, compiled::CompileMode::Always, note);
        CHECK_FALSE(job.adopted());
        const checker::SearchResult r = checker::search(m, {});
        job.finish();
        CHECK(r.stats.states == 122);
        CHECK(notes.find("compiled steps unavailable (`false --version` exited 1); using the "
                         "interpreter") != std::string::npos);
    }
    fs::remove_all(cache);
}
