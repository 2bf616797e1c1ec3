// The instructions of compiled/emit_steps.hpp that touch more than one
// field: locked read-modify-writes, IPIs, the IRQ flag, IRET; and the
// await guards that decide a blocked step without copying the state.
#include "model/compiled/emit_steps.hpp"

#include "model/machine/code_facts.hpp"

namespace shootdown::compiled {

using ir::InstrKind;
using ir::RmwOp;
using ir::RmwResult;

namespace {

// detail::rmw_update for a statically known operation.
std::string rmw_update(RmwOp op) {
    switch (op) {
    case RmwOp::Add:
        return "old + x";
    case RmwOp::Xchg:
        return "x";
    case RmwOp::Cmpxchg:
        return "old == x ? y : old";
    case RmwOp::SetBit:
    case RmwOp::TestSetBit:
        return "old | (std::int64_t{1} << x)";
    case RmwOp::ClearBit:
    case RmwOp::TestClearBit:
        return "old & ~(std::int64_t{1} << x)";
    }
    return "old";
}

// detail::rmw_result: what the result local receives.
std::string rmw_result(RmwResult kind, bool bit_op) {
    switch (kind) {
    case RmwResult::None:
        return "0";
    case RmwResult::Old:
        return bit_op ? "((old >> x) & 1)" : "old";
    case RmwResult::New:
        return "updated";
    case RmwResult::NewIsZero:
        return "static_cast<std::int64_t>(updated == 0)";
    }
    return "0";
}

} // namespace

// Interpreter::rmw: a locked instruction orders the CPU's earlier stores,
// reads memory, computes, range-checks and writes back.
void StepEmitter::rmw(const ir::Instr& in, std::uint32_t pc) {
    settle();
    const ir::ExprNode& n = p_.exprs[in.a];
    const machine::VariableAccess& v = t_.variables[n.a];
    w_.open("{{");
    const ElementCode e = expr_.element(in.a);
    w_.line("if (!{}) return Next::Failed;", e.ok);
    const std::string at = expr_.element_offset(in.a, e);
    w_.line("const std::int64_t old = static_cast<std::int64_t>(get_bits(env.state, {}, {})) + {};",
            at, v.width, literal(v.lo));
    w_.line("const std::int64_t x = {};", expr_.value(in.b));
    const auto op = static_cast<RmwOp>(in.rmw_op);
    w_.line("std::int64_t y = 0;");
    if (op == RmwOp::Cmpxchg) { // only a comparison that succeeds reads the new value
        w_.open("if (old == x) {{");
        w_.line("y = {};", expr_.value(in.c));
        w_.close();
    }
    w_.line("(void)y;");
    w_.line("const std::int64_t updated = {};", rmw_update(op));
    w_.line("if (env.error != kNoError) return Next::Failed;");
    w_.line("if (updated < {} || updated > {}) {{ env.error = kValueOutOfRange; return "
            "Next::Failed; }}",
            literal(v.lo), literal(v.hi));
    w_.line("set_bits(env.state, {}, {}, static_cast<std::uint64_t>(updated - {}));", at, v.width,
            literal(v.lo));
    const auto result = static_cast<RmwResult>(in.rmw_result);
    if (in.d != ir::kNone && result != RmwResult::None) {
        const bool bit_op = in.rmw_op >= static_cast<std::uint8_t>(RmwOp::SetBit);
        local_put(in.d, rmw_result(result, bit_op), "env.state");
    }
    w_.close();
    proceed(in, pc, pc + 1, true);
}

// Interpreter::ipi_send: the send is a locked cmpxchg; csd_lock() waits for
// the previous call to each target; the pending slots are written before
// an error in the operands is reported (as the interpreter does).
void StepEmitter::ipi_send(const ir::Instr& in, std::uint32_t pc) {
    settle();
    w_.open("{{");
    w_.line("const std::int64_t mask = {};", expr_.value(in.a));
    w_.line("std::int64_t arg = {};", in.c == ir::kNone ? "0" : expr_.value(in.c));
    const ir::Handler& h = p_.irq_handlers[in.b];
    if (h.param_type != ir::kNone) w_.line("arg -= {};", literal(p_.types[h.param_type].lo));
    w_.line("for (std::uint32_t t = 0; t < kCpus; ++t)");
    w_.line("    if (((mask >> t) & 1) && get_bits(env.state, pending_handler(t, CPU_), "
            "kPendingHandlerBits) != 0) return Next::Blocked;");
    w_.open("for (std::uint32_t t = 0; t < kCpus; ++t) {{");
    w_.line("if (!((mask >> t) & 1)) continue;");
    w_.line("set_bits(env.state, pending_handler(t, CPU_), kPendingHandlerBits, {}u);", in.b + 1);
    w_.line("set_bits(env.state, pending_arg(t, CPU_), kPendingArgBits, "
            "static_cast<std::uint64_t>(arg));");
    w_.close();
    w_.line("if (env.error != kNoError) return Next::Failed;");
    w_.close();
    proceed(in, pc, pc + 1, true);
}

void StepEmitter::ipi_wait(const ir::Instr& in, std::uint32_t pc) {
    w_.line("for (std::uint32_t t = 0; t < kCpus; ++t)");
    w_.line("    if (get_bits(env.state, pending_handler(t, CPU_), kPendingHandlerBits) != 0) "
            "return Next::Blocked;");
    proceed(in, pc, pc + 1, true);
}

// Handlers always run with IRQs off: only the process changes the flag.
void StepEmitter::set_irqs(const ir::Instr& in, std::uint32_t pc) {
    w_.open("if (rs.context == kMain) {{");
    std::string off = in.kind == InstrKind::IrqDisable ? "1" : "0";
    if (in.kind == InstrKind::IrqRestore) off = expr_.value(in.a) + " != 0";
    w_.line("put(env.state, kIrqsOff, BASE_, {});", off);
    w_.close();
    proceed(in, pc, pc + 1, true);
}

// Returning from the interrupt serializes and acknowledges the sender.
void StepEmitter::iret() {
    settle();
    w_.line("const auto sender = static_cast<std::uint32_t>(get(env.state, kIrqSender, "
            "BASE_));");
    w_.line("set_bits(env.state, pending_handler(CPU_, sender), kPendingHandlerBits, 0);");
    w_.line("set_bits(env.state, pending_arg(CPU_, sender), kPendingArgBits, 0);");
    w_.line("put(env.state, kIrqActive, BASE_, 0);");
    w_.line("put(env.state, kIrqPc, BASE_, 0);");
    w_.line("put(env.state, kIrqSender, BASE_, 0);");
    w_.line("return Next::Ended;");
}

// Interpreter::guard_fails at `pc`.
bool StepEmitter::guard(std::uint32_t pc) {
    std::uint32_t at = pc;
    if (p_.code[at].kind == InstrKind::AtomicBegin) ++at;
    if (at >= p_.code.size() || p_.code[at].kind != InstrKind::Await) return false;
    w_.open("case {}: {{", pc);
    if (t_.facts.has(pc, machine::CodeFacts::kBoundary))
        w_.line("if (rs.visible_done && rs.atomic == 0) return false; // the step ends before it");
    const std::string v = expr_.value(p_.code[at].a);
    w_.line("if (env.error != kNoError) {{ env.error = kNoError; return false; }}");
    w_.line("return {} == 0;", v);
    w_.close();
    return true;
}

} // namespace shootdown::compiled
