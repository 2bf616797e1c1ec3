// The builtin registry (model/ir/builtins.hpp): every row is documented, the
// rows are consistent, and the litmus primitives that are builtins mean what
// the builtin means.
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "model/ir/builtins.hpp"
#include "model/ir/memory_models.hpp"
#include "model/litmus/primitives.hpp"

namespace {

using namespace shootdown;

// The "## Builtins" section of docs/language.md.
std::string builtins_section() {
    std::ifstream in(SHOOTDOWN_DOCS_DIR "/language.md");
    std::stringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    std::size_t begin = all.find("\n## Builtins\n");
    std::size_t end = all.find("\n## ", begin + 1);
    REQUIRE(begin != std::string::npos);
    return all.substr(begin, end - begin);
}

} // namespace

TEST_CASE("docs/language.md documents every builtin of the registry") {
    std::string section = builtins_section();
    for (const ir::Builtin& b : ir::builtins()) {
        INFO(b.name);
        CHECK(section.find("`" + std::string(b.name) + "(") != std::string::npos);
    }
}

TEST_CASE("the builtin registry is consistent") {
    std::set<std::string_view> names;
    for (const ir::Builtin& b : ir::builtins()) {
        INFO(b.name);
        CHECK(names.insert(b.name).second);
        CHECK(ir::find_builtin(b.name) == &b);
        bool located = b.lowering == ir::Lowering::Load || b.lowering == ir::Lowering::Store ||
                       b.lowering == ir::Lowering::Rmw || b.lowering == ir::Lowering::MaskUpdate;
        CHECK((b.location_arg >= 0) == located);
        if (b.args != ir::kVariadic) CHECK(b.location_arg < b.args);
        CHECK((b.args == ir::kVariadic) == (b.lowering == ir::Lowering::Ipi));
        // Pure builtins are queries: no ordering, no location.
        if (b.pure) CHECK(b.ordering == ir::Ordering::None);
        if (b.pure) CHECK(!located);
    }
    CHECK(ir::find_builtin("no_such_builtin") == nullptr);
}

TEST_CASE("on x86 only a full or core-serializing barrier is a fence") {
    using O = ir::Ordering;
    for (O o : {O::Full, O::CoreSerializing})
        CHECK(ir::x86_emits_fence(o));
    for (O o : {O::None, O::Compiler, O::ReadBarrier, O::WriteBarrier, O::Acquire, O::Release,
                O::BeforeAtomic, O::AfterAtomic, O::AfterSpinlock, O::AfterUnlockLock})
        CHECK_FALSE(ir::x86_emits_fence(o));
    // SC and TSO lower the kernel's barriers with x86's meaning.
    for (ir::MemoryModel m : {ir::MemoryModel::SC, ir::MemoryModel::TSO})
        CHECK(ir::info(m).emits_fence == &ir::x86_emits_fence);
}

TEST_CASE("a litmus primitive that is a builtin takes its row's meaning") {
    for (const std::string& name : litmus::primitive_names()) {
        const ir::Builtin* b = ir::find_builtin(name);
        if (!b) continue;
        INFO(name);
        std::optional<litmus::Primitive> p = litmus::find_primitive(name);
        REQUIRE(p);
        CHECK(p->ordering == b->ordering);
        CHECK(p->address == b->address);
        CHECK(p->arguments == b->args);
        CHECK(p->location_argument == b->location_arg);
    }
    std::optional<litmus::Primitive> relaxed = litmus::find_primitive("atomic_fetch_add_relaxed");
    REQUIRE(relaxed);
    CHECK(relaxed->kind == litmus::Primitive::Kind::FetchAdd);
    CHECK(relaxed->ordering == ir::Ordering::None);
    CHECK(litmus::find_primitive("xchg_acquire")->ordering == ir::Ordering::Acquire);
    CHECK(litmus::find_primitive("spin_unlock")->ordering == ir::Ordering::Release);
    CHECK_FALSE(litmus::find_primitive("spin_lock_irqsave"));
}
