#include "model/compiled/emit_steps.hpp"

#include "model/ir/memory_models.hpp"
#include "model/ir/registry.hpp"
#include "model/machine/code_facts.hpp"

namespace shootdown::compiled {

using Facts = machine::CodeFacts;
using ir::InstrKind;

namespace {

// A local's field relative to its CPU's block.
ir::Field block_field(const machine::Tables& t, std::uint32_t local) {
    ir::Field f = t.layout.local(local, 0);
    f.offset -= t.layout.cpu_base(0);
    return f;
}

std::string raw(const std::string& value, std::int64_t lo) {
    return fmt::format("static_cast<std::uint64_t>({} - {})", value, literal(lo));
}

} // namespace

void StepEmitter::instruction(std::uint32_t pc) {
    w_.open("case {0}: L{0}: {{ // {1}", pc, ir::info(p_.code[pc].kind).name);
    prologue(pc);
    body(p_.code[pc], pc);
    w_.close();
}

// Interpreter::run's checks before it executes the instruction at `pc`.
void StepEmitter::prologue(std::uint32_t pc) {
    const std::uint8_t flags = t_.facts.flags[pc];
    if (flags & Facts::kEndsStep)
        w_.line("if (rs.visible_done && rs.atomic == 0) {{ save_pc(env.state, rs, {}); return "
                "Next::Ended; }}",
                pc);
    if (flags & Facts::kRepeatableChoice)
        w_.line("if (!rs.visible_done && rs.atomic == 0 && revisits_choice(c, rs, {}, env.state)) "
                "return Next::Blocked;",
                pc);
    w_.line("if (++rs.budget > kMaxStepInstructions) {{ env.error = kStepTooLong; return "
            "Next::Failed; }}");
    if (flags & Facts::kBoundary) w_.line("rs.visible_done = true;");
    w_.line("env.atomic = rs.atomic > 0;");
}

void StepEmitter::body(const ir::Instr& in, std::uint32_t pc) {
    switch (in.kind) {
    case InstrKind::Assign:
        return assign(in, pc);
    case InstrKind::Jump:
        return proceed(in, pc, in.a, true);
    case InstrKind::Branch:
    case InstrKind::Await:
    case InstrKind::Filter:
    case InstrKind::Assert:
        return test(in, pc);
    case InstrKind::Fork:
        return fork(in, pc);
    case InstrKind::Choose:
        return choose(in, pc);
    case InstrKind::AtomicBegin:
    case InstrKind::AtomicEnd:
        w_.line("{}rs.atomic;", in.kind == InstrKind::AtomicBegin ? "++" : "--");
        return proceed(in, pc, pc + 1, true);
    case InstrKind::Fence:
    case InstrKind::SyncCore:
        settle();
        return proceed(in, pc, pc + 1, true);
    case InstrKind::Rmw:
        return rmw(in, pc);
    case InstrKind::IpiSend:
        return ipi_send(in, pc);
    case InstrKind::IpiWait:
        return ipi_wait(in, pc);
    case InstrKind::IrqDisable:
    case InstrKind::IrqEnable:
    case InstrKind::IrqRestore:
        return set_irqs(in, pc);
    case InstrKind::Iret:
        return iret();
    case InstrKind::Halt:
        w_.line("save_pc(env.state, rs, {});", pc);
        w_.line("return Next::Ended;");
        return;
    case InstrKind::HardwareEnd:
        w_.line("return Next::Ended;");
        return;
    case InstrKind::ZeroLocals:
        zero_locals(in.a, in.b);
        return proceed(in, pc, pc + 1, true);
    }
}

void StepEmitter::proceed(const ir::Instr& in, std::uint32_t pc, std::uint32_t next, bool tail) {
    if (in.zero_count != 0) zero_locals(in.zero_begin, in.zero_count);
    go(pc, next, tail);
}

void StepEmitter::go(std::uint32_t from, std::uint32_t next, bool tail) {
    if (next >= begin_ && next < end_) {
        if (!(tail && next == from + 1)) w_.line("goto L{};", next);
    } else {
        w_.line("pc = {};", next);
        w_.line("return Next::Continue;");
    }
}

void StepEmitter::assign(const ir::Instr& in, std::uint32_t pc) {
    const std::string v = expr_.value(in.b);
    w_.line("if (env.error != kNoError) return Next::Failed;");
    write(in.a, v);
    proceed(in, pc, pc + 1, true);
}

// Branch, Await, Filter and Assert: evaluate the condition, then act on it.
void StepEmitter::test(const ir::Instr& in, std::uint32_t pc) {
    const std::string v = expr_.value(in.a);
    w_.line("if (env.error != kNoError) return Next::Failed;");
    switch (in.kind) {
    case InstrKind::Branch:
        w_.open("if ({} == 0) {{", v);
        proceed(in, pc, in.b, false);
        w_.close();
        break;
    case InstrKind::Await:
    case InstrKind::Filter:
        w_.line("if ({} == 0) return Next::Blocked;", v);
        break;
    case InstrKind::Assert:
        w_.line("if ({} == 0) {{ c.out->violations[env.slot] = {}u; return Next::Violated; }}", v,
                p_.assert_property(in.b));
        break;
    case InstrKind::Assign:
    case InstrKind::Jump:
    case InstrKind::Fork:
    case InstrKind::Choose:
    case InstrKind::AtomicBegin:
    case InstrKind::AtomicEnd:
    case InstrKind::Fence:
    case InstrKind::Rmw:
    case InstrKind::IpiSend:
    case InstrKind::IpiWait:
    case InstrKind::IrqDisable:
    case InstrKind::IrqEnable:
    case InstrKind::IrqRestore:
    case InstrKind::SyncCore:
    case InstrKind::Iret:
    case InstrKind::Halt:
    case InstrKind::HardwareEnd:
    case InstrKind::ZeroLocals:
        break; // body() sends only the four tests here
    }
    proceed(in, pc, pc + 1, true);
}

// Every alternative but the last continues in a copy of the slot (unless it
// would block at once); the slot itself takes the last.
void StepEmitter::fork(const ir::Instr& in, std::uint32_t pc) {
    w_.line("if (++rs.forks > kMaxForks) {{ env.error = kStepTooLong; return Next::Failed; }}");
    for (std::uint32_t k = 0; k + 1 < in.b; ++k) {
        const std::uint32_t target = p_.fork_targets[in.a + k];
        w_.line("if (stop_requested(c)) return Next::Blocked;");
        w_.open("if (!guard_fails({}, rs, env)) {{", target);
        w_.line("run(c, push_slot(c, env.slot), rs, {});", target);
        w_.line("env.state = slot_state(c, env.slot);");
        w_.close();
    }
    const std::uint32_t next = p_.fork_targets[in.a + in.b - 1];
    w_.line("if (guard_fails({}, rs, env)) return Next::Blocked;", next);
    proceed(in, pc, next, false);
}

// One copy of the slot per value of the local's type but the last, which
// the slot itself takes.
void StepEmitter::choose(const ir::Instr& in, std::uint32_t pc) {
    w_.line("if (++rs.forks > kMaxForks) {{ env.error = kStepTooLong; return Next::Failed; }}");
    const ir::Type& type = p_.types[p_.locals[in.a].type];
    const ir::Field f = block_field(t_, in.a);
    w_.open("for (std::int64_t v = {}; v < {}; ++v) {{", literal(type.lo), literal(type.hi));
    w_.line("if (stop_requested(c)) return Next::Blocked;");
    w_.line("const std::size_t child = push_slot(c, env.slot);");
    w_.line("set_bits(slot_state(c, child), BASE_ + {}u, {}, {});", f.offset, f.width,
            raw("v", f.lo));
    w_.line("run(c, child, rs, {});", pc + 1);
    w_.close();
    w_.line("env.state = slot_state(c, env.slot);");
    w_.line("set_bits(env.state, BASE_ + {}u, {}, {});", f.offset, f.width,
            raw(literal(type.hi), f.lo));
    proceed(in, pc, pc + 1, true);
}

void StepEmitter::settle() {
    w_.line("if (!settle(env)) return Next::Blocked;");
}

void StepEmitter::zero_locals(std::uint32_t first, std::uint32_t count) {
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint32_t l = p_.zero_lists[first + i];
        const ir::Field f = block_field(t_, l);
        w_.line("set_bits(env.state, BASE_ + {}u, {}, {});", f.offset, f.width,
                raw(literal(p_.types[p_.locals[l].type].lo), f.lo));
    }
}

void StepEmitter::local_put(std::uint32_t local, const std::string& value, const char* state) {
    const ir::Field f = block_field(t_, local);
    w_.line("set_bits({}, BASE_ + {}u, {}, {});", state, f.offset, f.width, raw(value, f.lo));
}

// Interpreter::write: a local through its plan, a global through the
// memory model (the store buffer) or straight to memory.
void StepEmitter::write(ir::ExprId target, const std::string& value) {
    const machine::FieldPlan& plan = t_.plans[target];
    if (p_.exprs[target].op != ir::Op::Local) return write_global(target, value);
    w_.line("if ({0} < {1} || {0} > {2}) {{ env.error = kValueOutOfRange; return Next::Failed; }}",
            value, literal(plan.lo), literal(plan.hi));
    w_.line("set_bits(env.state, BASE_ + {}u, {}, {});", plan.offset, plan.width,
            raw(value, plan.lo));
}

void StepEmitter::write_global(ir::ExprId target, const std::string& value) {
    const ir::ExprNode& n = p_.exprs[target];
    const machine::VariableAccess& v = t_.variables[n.a];
    const ElementCode e = expr_.element(target);
    w_.line("if (!{}) return Next::Failed;", e.ok);
    w_.line("if ({0} < {1} || {0} > {2}) {{ env.error = kValueOutOfRange; return Next::Failed; }}",
            value, literal(v.lo), literal(v.hi));
    const bool buffered = ir::info(p_.memory).buffers_stores && v.storage == ir::Storage::Shared;
    if (buffered) {
        w_.open("if (env.buffered) {{");
        w_.line("if (buffer_store(c, env, {}u + {}, {}) == Next::Blocked) return Next::Blocked;",
                v.first_location, e.element, raw(value, v.lo));
        w_.close();
        w_.open("else {{");
    }
    if (v.serializing) settle(); // writing CR3 waits for earlier stores
    w_.line("set_bits(env.state, {}, {}, {});", expr_.element_offset(target, e), v.width,
            raw(value, v.lo));
    if (buffered) w_.close();
}

} // namespace shootdown::compiled
