#include "model/machine/machine.hpp"

#include <bit>
#include <cstring>
#include <limits>

#include <fmt/format.h>
#include <xxhash.h>

namespace shootdown::machine {

using ir::ExprNode;
using ir::Instr;
using ir::InstrKind;
using ir::kNone;
using ir::Op;

namespace {
constexpr std::uint32_t kMaxStepInstructions = 4096;
constexpr std::uint32_t kMaxForks = 64;
enum WriteResult { kOk = 0, kBlocked = 1, kError = 2 };
} // namespace

struct Machine::Env {
    std::byte* state = nullptr;
    std::size_t slot = 0;
    std::uint32_t cpu = 0;
    std::uint32_t cpu_base = 0;        // bit offset of the CPU's block
    std::uint32_t sb_count_offset = 0; // bit offset of its store-buffer count
    bool has_cpu = false;
    bool in_irq = false;
    // Program loads forward from and stores go through the CPU's store
    // buffer; the MMU's walks (hardware actions) see memory only.
    bool buffered = false;
    std::int64_t bound[8]; // quantified variables, written before they are read
    ir::BuiltinCheck error = ir::BuiltinCheck::Count; // Count: no error
    [[nodiscard]] bool failed() const { return error != ir::BuiltinCheck::Count; }
};

Machine::Machine(const ir::Program& program)
    : program_(program), layout_(program), tso_(program.memory == ir::MemoryModel::TSO),
      facts_(analyse_code(program)), plans_(plan_fields(program)) {
    for (const ir::Variable& v : program.variables) {
        VariableAccess a;
        a.offset = v.offset;
        a.first_location = v.first_location;
        a.width = v.width;
        a.dims = static_cast<std::uint8_t>(v.index_types.size());
        a.storage = v.storage;
        a.serializing = v.serializing;
        a.lo = program.types[v.type].lo;
        a.hi = program.types[v.type].hi;
        for (std::size_t k = 0; k < v.index_types.size(); ++k) {
            a.extent[k] = v.extents[k];
            a.index_lo[k] = program.types[v.index_types[k]].lo;
        }
        variables_.push_back(a);
    }
    std::size_t n = program.statistics.size();
    statistic_max_ = std::make_unique<std::atomic<std::int64_t>[]>(n);
    statistic_nonzero_ = std::make_unique<std::atomic<std::uint64_t>[]>(n);
    for (std::size_t i = 0; i < n; ++i) {
        statistic_max_[i] = std::numeric_limits<std::int64_t>::min();
        statistic_nonzero_[i] = 0;
    }
    for (const ir::Local& l : program.locals)
        local_ranges_.push_back({program.types[l.type].lo, program.types[l.type].hi});
}

// --- state access ---------------------------------------------------------------

std::int64_t Machine::read_variable(const std::byte* state, std::uint32_t var,
                                    std::uint32_t element) const {
    const VariableAccess& v = variables_[var];
    return static_cast<std::int64_t>(ir::get_bits(state, v.offset + element * v.width, v.width)) +
           v.lo;
}

std::int64_t Machine::read_local(const std::byte* state, std::uint32_t local,
                                 std::uint32_t cpu) const {
    return get_field(state, layout_.local(local, cpu));
}

std::uint32_t Machine::pc(const std::byte* state, std::uint32_t cpu, bool irq) const {
    const auto& c = layout_.cpu();
    return static_cast<std::uint32_t>(
        get_field(state, layout_.at(irq ? c.irq_pc : c.main_pc, cpu)));
}

bool Machine::in_irq(const std::byte* state, std::uint32_t cpu) const {
    return get_field(state, layout_.at(layout_.cpu().irq_active, cpu)) != 0;
}

bool Machine::buffer_empty(const std::byte* state, std::uint32_t cpu) const {
    return !tso_ || get_field(state, layout_.at(layout_.cpu().sb_count, cpu)) == 0;
}

std::vector<std::pair<std::uint32_t, std::int64_t>> Machine::store_buffer(const std::byte* state,
                                                                          std::uint32_t cpu) const {
    std::vector<std::pair<std::uint32_t, std::int64_t>> out;
    if (!tso_) return out;
    auto n = static_cast<std::uint32_t>(get_field(state, layout_.at(layout_.cpu().sb_count, cpu)));
    for (std::uint32_t i = 0; i < n; ++i) {
        auto loc = static_cast<std::uint32_t>(get_field(state, layout_.sb_location(cpu, i)));
        std::int64_t raw = get_field(state, layout_.sb_value(cpu, i));
        out.emplace_back(loc, raw + layout_.location(loc).lo);
    }
    return out;
}

std::string Machine::property_name(PropertyId id) const {
    if (id == checker::kNoProperty) return "deadlock";
    if (id < program_.first_assert_property())
        return fmt::format("invariant {}", program_.invariants[id].name);
    if (id < program_.first_builtin_property())
        return program_.asserts[id - program_.first_assert_property()].first;
    return ir::builtin_check_name(
        static_cast<ir::BuiltinCheck>(id - program_.first_builtin_property()));
}

void Machine::save_pc(std::byte* state, const RunState& rs, std::uint32_t pc) const {
    const auto& c = layout_.cpu();
    if (rs.context == ir::ContextKind::Main)
        set_field(state, layout_.at(c.main_pc, rs.cpu), pc);
    else if (rs.context == ir::ContextKind::Irq)
        set_field(state, layout_.at(c.irq_pc, rs.cpu), pc);
}

// --- expressions ------------------------------------------------------------------

bool Machine::element_of(const ExprNode& n, Env& env, std::uint32_t& element) const {
    const VariableAccess& v = variables_[n.a];
    NullRecorder none;
    std::uint32_t e = 0;
    const std::uint32_t idx[3] = {n.b, n.c, n.d};
    for (std::uint32_t k = 0; k < v.dims; ++k) {
        std::int64_t i = eval(idx[k], env, none) - v.index_lo[k];
        if (i < 0 || i >= v.extent[k]) {
            env.error = ir::BuiltinCheck::IndexOutOfRange;
            return false;
        }
        e = e * v.extent[k] + static_cast<std::uint32_t>(i);
    }
    element = e;
    return true;
}

template <class Rec>
std::int64_t Machine::read_global(const ExprNode& n, Env& env, Rec& rec) const {
    std::uint32_t element = 0;
    if (!element_of(n, env, element)) return 0;
    const VariableAccess& v = variables_[n.a];
    if (tso_ && env.buffered && v.storage == ir::Storage::Shared) {
        // Store-to-load forwarding: the newest buffered store to the location wins.
        std::uint32_t loc = v.first_location + element;
        auto count = static_cast<std::uint32_t>(
            get_field(env.state, layout_.at(layout_.cpu().sb_count, env.cpu)));
        for (std::uint32_t i = count; i-- > 0;) {
            if (static_cast<std::uint32_t>(get_field(env.state, layout_.sb_location(env.cpu, i))) !=
                loc)
                continue;
            std::int64_t value = get_field(env.state, layout_.sb_value(env.cpu, i)) + v.lo;
            if constexpr (Rec::enabled)
                rec.event(env.slot, {Event::Kind::Forward, n.a, element, value});
            return value;
        }
    }
    std::int64_t value = read_variable(env.state, n.a, element);
    if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::Read, n.a, element, value});
    return value;
}

// The evaluator's hot path: one record per node, no recorder, no frame
// for the rare operators (those go to the general evaluator).
std::int64_t Machine::eval_fast(ir::ExprId id, Env& env) const {
    using Kind = FieldPlan::Kind;
    const FieldPlan& f = plans_[id];
    std::uint32_t offset = f.offset;
    switch (f.kind) {
    case Kind::Constant:
        return f.lo;
    case Kind::Local:
        return static_cast<std::int64_t>(ir::get_bits(env.state, env.cpu_base + offset, f.width)) +
               f.lo;
    case Kind::Operator:
        return apply_fast(f, env);
    case Kind::General:
        return eval_general(id, env);
    case Kind::Fixed:
    case Kind::PerCpu:
    case Kind::Indexed:
        break;
    }
    if (f.forwarded && env.buffered &&
        ir::get_bits(env.state, env.sb_count_offset, layout_.cpu().sb_count.width) != 0)
        return eval_general(id, env); // the store buffer may hold a newer value
    if (f.kind == Kind::PerCpu) {
        offset += env.cpu * f.width;
    } else if (f.kind == Kind::Indexed) {
        const std::int64_t i = eval_fast(f.index, env) - f.index_lo;
        if (i < 0 || i >= f.extent) {
            env.error = ir::BuiltinCheck::IndexOutOfRange;
            return 0;
        }
        offset += static_cast<std::uint32_t>(i) * f.width;
    }
    return static_cast<std::int64_t>(ir::get_bits(env.state, offset, f.width)) + f.lo;
}

std::int64_t Machine::apply_fast(const FieldPlan& f, Env& env) const {
    auto a = [&] { return eval_fast(f.a, env); };
    auto b = [&] { return eval_fast(f.b, env); };
    switch (f.op) {
    case Op::ThisCpu:
        return env.cpu;
    case Op::Bound:
        return env.bound[f.a];
    case Op::Not:
        return !a();
    case Op::Neg:
        return -a();
    case Op::BitNot:
        return ~a();
    case Op::Add:
        return a() + b();
    case Op::Sub:
        return a() - b();
    case Op::Mul:
        return a() * b();
    case Op::Eq:
        return a() == b();
    case Op::Ne:
        return a() != b();
    case Op::Lt:
        return a() < b();
    case Op::Le:
        return a() <= b();
    case Op::Gt:
        return a() > b();
    case Op::Ge:
        return a() >= b();
    case Op::And:
        return a() && b();
    case Op::Or:
        return a() || b();
    case Op::BitAnd:
        return a() & b();
    case Op::BitOr:
        return a() | b();
    case Op::BitXor:
        return a() ^ b();
    case Op::MaskTest: {
        const std::int64_t bit = b();
        return bit >= 0 && bit < 63 && ((a() >> bit) & 1);
    }
    case Op::MaskOf: {
        const std::int64_t bit = a();
        return bit >= 0 && bit < 63 ? std::int64_t{1} << bit : 0;
    }
    case Op::MaskWeight:
        return std::popcount(static_cast<std::uint64_t>(a()));
    default:
        return 0; // plan_fields() makes only the operators above Operator plans
    }
}

std::int64_t Machine::eval_general(ir::ExprId id, Env& env) const {
    NullRecorder none;
    return eval_node(id, env, none);
}

template <class Rec>
std::int64_t Machine::eval(ir::ExprId id, Env& env, Rec& rec) const {
    if constexpr (Rec::enabled) {
        return eval_node(id, env, rec);
    } else {
        return eval_fast(id, env);
    }
}

template <class Rec>
std::int64_t Machine::eval_node(ir::ExprId id, Env& env, Rec& rec) const {
    const ExprNode& n = program_.exprs[id];
    auto a = [&] { return eval(n.a, env, rec); };
    auto b = [&] { return eval(n.b, env, rec); };
    switch (n.op) {
    case Op::Const:
        return n.value;
    case Op::Local:
        return get_field(env.state, layout_.local(n.a, env.cpu));
    case Op::Global:
        return read_global(n, env, rec);
    case Op::ThisCpu:
        return env.cpu;
    case Op::Bound:
        return env.bound[n.a];
    case Op::Not:
        return !a();
    case Op::Neg:
        return -a();
    case Op::BitNot:
        return ~a();
    case Op::Add:
        return a() + b();
    case Op::Sub:
        return a() - b();
    case Op::Mul:
        return a() * b();
    case Op::Div:
    case Op::Mod: {
        std::int64_t x = a(), y = b();
        if (y == 0) {
            env.error = ir::BuiltinCheck::DivisionByZero;
            return 0;
        }
        return n.op == Op::Div ? x / y : x % y;
    }
    case Op::Shl:
        return a() << std::clamp<std::int64_t>(b(), 0, 62);
    case Op::Shr:
        return a() >> std::clamp<std::int64_t>(b(), 0, 62);
    case Op::Eq:
        return a() == b();
    case Op::Ne:
        return a() != b();
    case Op::Lt:
        return a() < b();
    case Op::Le:
        return a() <= b();
    case Op::Gt:
        return a() > b();
    case Op::Ge:
        return a() >= b();
    case Op::And:
        return a() && b();
    case Op::Or:
        return a() || b();
    case Op::BitAnd:
        return a() & b();
    case Op::BitOr:
        return a() | b();
    case Op::BitXor:
        return a() ^ b();
    case Op::Cond:
        return a() ? b() : eval(n.c, env, rec);
    case Op::MaskTest: {
        std::int64_t bit = b();
        return bit >= 0 && bit < 63 && ((a() >> bit) & 1);
    }
    case Op::MaskOf: {
        std::int64_t bit = a();
        return bit >= 0 && bit < 63 ? std::int64_t{1} << bit : 0;
    }
    case Op::MaskWeight:
        return std::popcount(static_cast<std::uint64_t>(a()));
    case Op::Forall:
    case Op::Exists: {
        bool forall = n.op == Op::Forall;
        std::size_t mark = 0;
        if constexpr (Rec::enabled) mark = rec.mark(env.slot);
        for (std::uint32_t i = 0; i < n.c; ++i) {
            env.bound[n.a] = n.value + i;
            // A trace keeps only the reads of the iteration that decides.
            if constexpr (Rec::enabled) {
                rec.truncate(env.slot, mark);
                rec.event(env.slot, {Event::Kind::Bind, n.d, 0, n.value + i});
            }
            if ((b() != 0) != forall) return !forall;
        }
        if constexpr (Rec::enabled) rec.truncate(env.slot, mark);
        return forall;
    }
    case Op::IrqsDisabled:
        return env.in_irq || get_field(env.state, layout_.at(layout_.cpu().irqs_off, env.cpu)) != 0;
    case Op::InIrq:
        return env.in_irq;
    }
    return 0;
}

// --- writes and memory operations ---------------------------------------------------

// Writes through the node's plan; false means the general path must (no
// plan, a store buffer to append to, or a serializing register).
bool Machine::write_planned(const FieldPlan& f, std::int64_t value, Env& env, int& result) const {
    using Kind = FieldPlan::Kind;
    std::uint32_t offset = f.offset;
    if (f.kind == Kind::Local) {
        offset += env.cpu_base;
    } else if (f.kind == Kind::General || f.kind == Kind::Constant || f.serializing ||
               (f.forwarded && env.buffered)) {
        return false;
    } else if (f.kind == Kind::PerCpu) {
        offset += env.cpu * f.width;
    } else if (f.kind == Kind::Indexed) {
        const std::int64_t i = eval_fast(f.index, env) - f.index_lo;
        if (i < 0 || i >= f.extent) {
            env.error = ir::BuiltinCheck::IndexOutOfRange;
            result = kError;
            return true;
        }
        offset += static_cast<std::uint32_t>(i) * f.width;
    }
    if (value < f.lo || value > f.hi) {
        env.error = ir::BuiltinCheck::ValueOutOfRange;
        result = kError;
        return true;
    }
    ir::set_bits(env.state, offset, f.width, static_cast<std::uint64_t>(value - f.lo));
    result = kOk;
    return true;
}

template <class Rec>
int Machine::write(ir::ExprId target, std::int64_t value, Env& env, Rec& rec) const {
    if constexpr (!Rec::enabled) {
        int result = kOk;
        if (write_planned(plans_[target], value, env, result)) return result;
    }
    const ExprNode& n = program_.exprs[target];
    if (n.op == Op::Local) {
        const Range& t = local_ranges_[n.a];
        if (value < t.lo || value > t.hi) {
            env.error = ir::BuiltinCheck::ValueOutOfRange;
            return kError;
        }
        set_field(env.state, layout_.local(n.a, env.cpu), value);
        return kOk;
    }
    std::uint32_t element = 0;
    if (!element_of(n, env, element)) return kError;
    const VariableAccess& v = variables_[n.a];
    const VariableAccess& t = v;
    if (value < t.lo || value > t.hi) {
        env.error = ir::BuiltinCheck::ValueOutOfRange;
        return kError;
    }
    if (tso_ && env.buffered && v.storage == ir::Storage::Shared) {
        const auto& c = layout_.cpu();
        Field count_field = layout_.at(c.sb_count, env.cpu);
        auto count = static_cast<std::uint32_t>(get_field(env.state, count_field));
        if (count == c.sb_capacity) {
            // A real CPU would buffer more; the model waits for a drain, and
            // says so (Machine::store_buffer_full_count) so that no one
            // mistakes the bound for a property of x86.
            store_buffer_full_.fetch_add(1, std::memory_order_relaxed);
            return kBlocked;
        }
        set_field(env.state, layout_.sb_location(env.cpu, count), v.first_location + element);
        set_field(env.state, layout_.sb_value(env.cpu, count), value - t.lo);
        set_field(env.state, count_field, count + 1);
        if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::Buffer, n.a, element, value});
        return kOk;
    }
    // Writing a serializing register (CR3) waits for the store buffer to drain.
    if (v.serializing && env.has_cpu && !buffer_empty(env.state, env.cpu)) return kBlocked;
    ir::set_bits(env.state, v.offset + element * v.width, v.width,
                 static_cast<std::uint64_t>(value - t.lo));
    if constexpr (Rec::enabled)
        if (v.storage != ir::Storage::Ghost)
            rec.event(env.slot, {Event::Kind::Write, n.a, element, value});
    return kOk;
}

void Machine::drain(std::byte* state, std::uint32_t cpu) const {
    const auto& c = layout_.cpu();
    Field count_field = layout_.at(c.sb_count, cpu);
    auto count = static_cast<std::uint32_t>(get_field(state, count_field));
    auto loc = static_cast<std::uint32_t>(get_field(state, layout_.sb_location(cpu, 0)));
    Field mem = layout_.location(loc);
    ir::set_bits(state, mem.offset, mem.width,
                 ir::get_bits(state, layout_.sb_value(cpu, 0).offset, c.sb_value_bits));
    for (std::uint32_t i = 1; i < count; ++i) {
        set_field(state, layout_.sb_location(cpu, i - 1),
                  get_field(state, layout_.sb_location(cpu, i)));
        set_field(state, layout_.sb_value(cpu, i - 1), get_field(state, layout_.sb_value(cpu, i)));
    }
    set_field(state, layout_.sb_location(cpu, count - 1), 0);
    set_field(state, layout_.sb_value(cpu, count - 1), 0);
    set_field(state, count_field, count - 1);
}

template <class Rec>
int Machine::rmw(const Instr& in, Env& env, Rec& rec) const {
    if (!buffer_empty(env.state, env.cpu)) return kBlocked; // a locked op drains first
    const ExprNode& n = program_.exprs[in.a];
    std::uint32_t element = 0;
    if (!element_of(n, env, element)) return kError;
    const VariableAccess& v = variables_[n.a];
    std::int64_t old = read_variable(env.state, n.a, element);
    std::int64_t x = eval(in.b, env, rec);
    std::int64_t updated = old;
    bool bit_result = false;
    switch (static_cast<ir::RmwOp>(in.rmw_op)) {
    case ir::RmwOp::Add:
        updated = old + x;
        break;
    case ir::RmwOp::Xchg:
        updated = x;
        break;
    case ir::RmwOp::Cmpxchg:
        updated = old == x ? eval(in.c, env, rec) : old;
        break;
    case ir::RmwOp::SetBit:
    case ir::RmwOp::TestSetBit:
        updated = old | (std::int64_t{1} << x);
        bit_result = (old >> x) & 1;
        break;
    case ir::RmwOp::ClearBit:
    case ir::RmwOp::TestClearBit:
        updated = old & ~(std::int64_t{1} << x);
        bit_result = (old >> x) & 1;
        break;
    }
    if (env.failed()) return kError;
    const VariableAccess& t = v;
    if (updated < t.lo || updated > t.hi) {
        env.error = ir::BuiltinCheck::ValueOutOfRange;
        return kError;
    }
    ir::set_bits(env.state, v.offset + element * v.width, v.width,
                 static_cast<std::uint64_t>(updated - t.lo));
    if constexpr (Rec::enabled)
        rec.event(env.slot, {Event::Kind::Rmw, n.a, element, updated, 0, 0});
    if (in.d == kNone) return kOk;
    std::int64_t result = 0;
    bool bit_op = in.rmw_op >= static_cast<std::uint8_t>(ir::RmwOp::SetBit);
    switch (static_cast<ir::RmwResult>(in.rmw_result)) {
    case ir::RmwResult::None:
        return kOk;
    case ir::RmwResult::Old:
        result = bit_op ? bit_result : old;
        break;
    case ir::RmwResult::New:
        result = updated;
        break;
    case ir::RmwResult::NewIsZero:
        result = updated == 0;
        break;
    }
    set_field(env.state, layout_.local(in.d, env.cpu), result);
    return kOk;
}

template <class Rec>
int Machine::ipi_send(const Instr& in, Env& env, Rec& rec) const {
    if (!buffer_empty(env.state, env.cpu)) return kBlocked; // llist_add is a locked cmpxchg
    std::int64_t mask = eval(in.a, env, rec);
    std::int64_t arg = in.c == kNone ? 0 : eval(in.c, env, rec);
    const ir::Handler& h = program_.irq_handlers[in.b];
    if (h.param_type != kNone) arg -= program_.types[h.param_type].lo;
    for (std::uint32_t t = 0; t < program_.cpus; ++t) // csd_lock(): the previous call must be done
        if (((mask >> t) & 1) && get_field(env.state, layout_.pending_handler(t, env.cpu)) != 0)
            return kBlocked;
    if constexpr (Rec::enabled)
        if ((mask & ((std::int64_t{1} << program_.cpus) - 1)) == 0)
            rec.event(env.slot, {Event::Kind::IpiSend, in.b, 0, 0, kNone});
    for (std::uint32_t t = 0; t < program_.cpus; ++t) {
        if (!((mask >> t) & 1)) continue;
        set_field(env.state, layout_.pending_handler(t, env.cpu), in.b + 1);
        set_field(env.state, layout_.pending_arg(t, env.cpu), arg);
        if constexpr (Rec::enabled) rec.event(env.slot, {Event::Kind::IpiSend, in.b, 0, arg, t});
    }
    return kOk;
}

// --- the step executor --------------------------------------------------------------

// Executes one instruction. Returns false when the step is over (finished,
// blocked, or failed); `pc` then holds where the context resumes.
template <class Rec>
bool Machine::execute(const Instr& in, Successors& out, std::size_t slot, RunState& rs,
                      std::uint32_t& pc, Env& env, Rec& rec) const {
    const auto& c = layout_.cpu();
    auto blocked = [&] {
        out.kill(slot);
        return false;
    };
    auto failed = [&] {
        out.mark_violation(slot, program_.first_builtin_property() +
                                     static_cast<std::uint32_t>(env.error));
        return false;
    };
    std::uint32_t next = pc + 1;
    switch (in.kind) {
    case InstrKind::Assign: {
        std::int64_t v = eval(in.b, env, rec);
        if (env.failed()) return failed();
        int r = write(in.a, v, env, rec);
        if (r == kBlocked) return blocked();
        if (r == kError) return failed();
        break;
    }
    case InstrKind::Jump:
        next = in.a;
        break;
    case InstrKind::Branch: {
        bool v = eval(in.a, env, rec) != 0;
        if (env.failed()) return failed();
        if (!v) next = in.b;
        break;
    }
    case InstrKind::Await:
    case InstrKind::Filter: {
        bool v = eval(in.a, env, rec) != 0;
        if (env.failed()) return failed();
        if (!v) return blocked();
        break;
    }
    case InstrKind::Fork: {
        if (++rs.forks > kMaxForks) {
            env.error = ir::BuiltinCheck::StepTooLong;
            return failed();
        }
        for (std::uint32_t k = 0; k + 1 < in.b; ++k) {
            const std::uint32_t target = program_.fork_targets[in.a + k];
            if constexpr (!Rec::enabled) {
                env.state = out.state(slot);
                if (guard_fails(target, rs, env)) {
                    rs.shared = true; // a blocked alternative: another CPU may unblock it
                    continue;
                }
            }
            std::size_t child = out.size();
            out.push(out.state(slot));
            rec.fork(slot, child);
            run(out, child, rs, target, rec);
        }
        next = program_.fork_targets[in.a + in.b - 1];
        if constexpr (!Rec::enabled) {
            env.state = out.state(slot);
            if (guard_fails(next, rs, env)) return blocked();
        }
        break;
    }
    case InstrKind::Choose: {
        if (++rs.forks > kMaxForks) {
            env.error = ir::BuiltinCheck::StepTooLong;
            return failed();
        }
        const ir::Type& t = program_.types[program_.locals[in.a].type];
        Field var = layout_.local(in.a, rs.cpu);
        for (std::int64_t v = t.lo; v < t.hi; ++v) {
            std::size_t child = out.size();
            out.push(out.state(slot));
            rec.fork(slot, child);
            set_field(out.state(child), var, v);
            if constexpr (Rec::enabled) rec.event(child, {Event::Kind::Choice, in.a, 0, v});
            run(out, child, rs, pc + 1, rec);
        }
        set_field(out.state(slot), var, t.hi);
        if constexpr (Rec::enabled) rec.event(slot, {Event::Kind::Choice, in.a, 0, t.hi});
        break;
    }
    case InstrKind::AtomicBegin:
        ++rs.atomic;
        break;
    case InstrKind::AtomicEnd:
        --rs.atomic;
        break;
    case InstrKind::Assert: {
        bool v = eval(in.a, env, rec) != 0;
        if (env.failed()) return failed();
        if (!v) {
            out.mark_violation(slot, program_.first_assert_property() + in.b);
            return false;
        }
        break;
    }
    case InstrKind::Fence:
    case InstrKind::SyncCore:
        if (!buffer_empty(env.state, rs.cpu)) return blocked();
        if constexpr (Rec::enabled)
            rec.event(slot,
                      {in.kind == InstrKind::Fence ? Event::Kind::Fence : Event::Kind::Serialize});
        break;
    case InstrKind::Rmw: {
        int r = rmw(in, env, rec);
        if (r == kBlocked) return blocked();
        if (r == kError) return failed();
        break;
    }
    case InstrKind::IpiSend: {
        int r = ipi_send(in, env, rec);
        if (r == kBlocked) return blocked();
        if (env.failed()) return failed();
        break;
    }
    case InstrKind::IpiWait:
        for (std::uint32_t t = 0; t < program_.cpus; ++t)
            if (get_field(env.state, layout_.pending_handler(t, rs.cpu)) != 0) return blocked();
        if constexpr (Rec::enabled) rec.event(slot, {Event::Kind::IpiWait});
        break;
    case InstrKind::IrqDisable:
    case InstrKind::IrqEnable:
    case InstrKind::IrqRestore: {
        if (rs.context != ir::ContextKind::Main) break; // handlers always run with IRQs off
        std::int64_t off = in.kind == InstrKind::IrqDisable  ? 1
                           : in.kind == InstrKind::IrqEnable ? 0
                                                             : eval(in.a, env, rec);
        set_field(env.state, layout_.at(c.irqs_off, rs.cpu), off != 0);
        if constexpr (Rec::enabled) rec.event(slot, {Event::Kind::Irqs, ir::kNone, 0, off != 0});
        break;
    }
    case InstrKind::Iret: {
        // Returning from the interrupt serializes the core and completes the call.
        if (!buffer_empty(env.state, rs.cpu)) return blocked();
        auto sender =
            static_cast<std::uint32_t>(get_field(env.state, layout_.at(c.irq_sender, rs.cpu)));
        set_field(env.state, layout_.pending_handler(rs.cpu, sender), 0);
        set_field(env.state, layout_.pending_arg(rs.cpu, sender), 0);
        set_field(env.state, layout_.at(c.irq_active, rs.cpu), 0);
        set_field(env.state, layout_.at(c.irq_pc, rs.cpu), 0);
        set_field(env.state, layout_.at(c.irq_sender, rs.cpu), 0);
        if constexpr (Rec::enabled) rec.event(slot, {Event::Kind::Iret, ir::kNone, 0, 0, sender});
        return false;
    }
    case InstrKind::Halt:
        save_pc(env.state, rs, pc);
        return false;
    case InstrKind::HardwareEnd:
        return false;
    case InstrKind::ZeroLocals:
        for (std::uint32_t i = 0; i < in.b; ++i) {
            std::uint32_t l = program_.zero_lists[in.a + i];
            set_field(env.state, layout_.local(l, rs.cpu),
                      program_.types[program_.locals[l].type].lo);
        }
        break;
    }
    for (std::uint32_t i = 0; i < in.zero_count; ++i) {
        std::uint32_t l = program_.zero_lists[in.zero_begin + i];
        set_field(env.state, layout_.local(l, rs.cpu), program_.types[program_.locals[l].type].lo);
    }
    pc = next;
    return true;
}

// How the code of `context` on `cpu` sees the state.
Machine::Env Machine::context_env(std::uint32_t cpu, ir::ContextKind context) const {
    Env env;
    env.cpu = cpu;
    env.cpu_base = layout_.cpu_base(cpu);
    env.sb_count_offset = layout_.at(layout_.cpu().sb_count, cpu).offset;
    env.has_cpu = true;
    env.in_irq = context == ir::ContextKind::Irq;
    env.buffered = context != ir::ContextKind::Hardware;
    return env;
}

// True if the context would block on the first instruction it runs from `pc`
// (an await, perhaps opening an atomic block) in env.state. Most attempted
// steps end that way, and this decides it without copying the state.
bool Machine::guard_fails(std::uint32_t pc, const RunState& rs, Env& env) const {
    if (rs.visible_done && rs.atomic == 0 && facts_.has(pc, CodeFacts::kBoundary))
        return false; // the step ends before it
    const Instr* in = &program_.code[pc];
    if (in->kind == InstrKind::AtomicBegin) in = &program_.code[pc + 1];
    if (in->kind != InstrKind::Await) return false;
    NullRecorder none;
    const bool holds = eval(in->a, env, none) != 0;
    if (env.failed()) { // the real run reports the error
        env.error = ir::BuiltinCheck::Count;
        return false;
    }
    return !holds;
}

// Runs one context from `pc` until just before its second memory access
// (or a choice point after the first), a block, the end of the handler or
// action, or a violation. Inside `atomic` nothing stops it.
template <class Rec>
void Machine::run(Successors& out, std::size_t slot, RunState rs, std::uint32_t pc,
                  Rec& rec) const {
    Env env = context_env(rs.cpu, rs.context);
    env.slot = slot;
    while (true) {
        env.state = out.state(slot); // a fork may have moved the buffer
        const Instr& in = program_.code[pc];
        const std::uint8_t flags = facts_.flags[pc];
        if (rs.visible_done && rs.atomic == 0 && (flags & CodeFacts::kEndsStep)) {
            save_pc(out.state(slot), rs, pc);
            break;
        }
        if ((flags & CodeFacts::kRepeatableChoice) && !rs.visible_done && rs.atomic == 0 &&
            revisits_choice(rs, pc, out.state(slot))) {
            out.kill(slot); // came back to a choice with nothing changed: not a step
            return;
        }
        if (++rs.budget > kMaxStepInstructions) {
            out.mark_violation(slot, program_.first_builtin_property() +
                                         static_cast<std::uint32_t>(ir::BuiltinCheck::StepTooLong));
            return;
        }
        if constexpr (Rec::enabled) rec.instruction(slot, pc);
        if (flags & CodeFacts::kBoundary) rs.visible_done = true;
        if (!(flags & CodeFacts::kLocal)) rs.shared = true;
        if (!execute(in, out, slot, rs, pc, env, rec)) {
            if (in.kind == InstrKind::HardwareEnd || in.kind == InstrKind::Iret ||
                in.kind == InstrKind::Halt)
                break;
            return; // blocked or failed: already marked
        }
    }
    // A hardware action that changed nothing is not a step.
    if (rs.context == ir::ContextKind::Hardware &&
        std::memcmp(out.state(slot), rs.parent, out.state_bytes()) == 0)
        out.kill(slot);
    if (rs.context == ir::ContextKind::Main && !rs.shared) out.set_group(slot, 1);
}

// Partial-order reduction: the steps [first, out.size()) are all that the
// process on `cpu` can do in `state`. They form a candidate ample set if
// each one is local (CodeFacts::local), none was blocked (another CPU could
// unblock it and then the alternatives would not commute), and no
// interrupt can be taken on the CPU before them (taking one stops the
// process: with IRQs enabled, an IPI sent meanwhile would not commute).
void Machine::group_process_steps(const std::byte* state, Successors& out, std::size_t first,
                                  std::uint32_t cpu) const {
    bool ample = out.size() > first;
    if (!program_.irq_handlers.empty() &&
        get_field(state, layout_.at(layout_.cpu().irqs_off, cpu)) == 0)
        ample = false;
    for (std::size_t i = first; ample && i < out.size(); ++i)
        if (out.is_dead(i) || out.violation(i) != checker::kNoProperty || out.group(i) != 1)
            ample = false;
    for (std::size_t i = first; i < out.size(); ++i)
        out.set_group(i, ample ? cpu + 1 : Successors::kNoGroup);
}

// A branch that reaches a choice point it already passed in this step, with
// the state (locals included) unchanged, would only offer the same choices
// again. States are compared by a 64-bit XXH3 of their bytes.
bool Machine::revisits_choice(RunState& rs, std::uint32_t pc, const std::byte* state) const {
    std::uint64_t hash = XXH3_64bits(state, state_bytes());
    for (std::uint32_t i = 0; i < rs.choices; ++i)
        if (rs.choice_pcs[i] == pc && rs.choice_hashes[i] == hash) return true;
    if (rs.choices < std::size(rs.choice_pcs)) {
        rs.choice_pcs[rs.choices] = pc;
        rs.choice_hashes[rs.choices++] = hash;
    }
    return false;
}

template <class Rec>
void Machine::start(const std::byte* state, Successors& out, Rec& rec, const StepOrigin& o) const {
    if constexpr (!Rec::enabled) {
        if (o.kind == StepKind::Program || o.kind == StepKind::Hardware) {
            const bool hw = o.kind == StepKind::Hardware;
            Env env = context_env(o.cpu, hw ? ir::ContextKind::Hardware : ir::ContextKind::Main);
            env.state = const_cast<std::byte*>(state); // only read
            const std::uint32_t entry =
                hw ? program_.hardware_actions[o.which].entry : pc(state, o.cpu, false);
            if (guard_fails(entry, RunState{}, env)) return;
        }
    }
    std::size_t slot = out.size();
    out.push(state);
    if constexpr (Rec::enabled) {
        rec.ensure(slot);
        rec.origins.resize(std::max(rec.origins.size(), slot + 1));
        rec.origins[slot] = o;
    }
    RunState rs;
    rs.cpu = o.cpu;
    rs.parent = state;
    const auto& c = layout_.cpu();
    std::byte* s = out.state(slot);
    switch (o.kind) {
    case StepKind::Program:
        run(out, slot, rs, pc(state, o.cpu, false), rec);
        group_process_steps(state, out, slot, o.cpu);
        return;
    case StepKind::Interrupt: {
        rs.context = ir::ContextKind::Irq;
        if (in_irq(state, o.cpu)) {
            run(out, slot, rs, pc(state, o.cpu, true), rec);
            return;
        }
        // Taking the interrupt is the step's event; the handler runs up to its first access.
        const ir::Handler& h = program_.irq_handlers[o.which];
        set_field(s, layout_.at(c.irq_active, o.cpu), 1);
        set_field(s, layout_.at(c.irq_sender, o.cpu), o.other);
        if (h.param_local != kNone) {
            std::int64_t raw = get_field(s, layout_.pending_arg(o.cpu, o.other));
            set_field(s, layout_.local(h.param_local, o.cpu),
                      raw + program_.types[h.param_type].lo);
        }
        if constexpr (Rec::enabled) rec.event(slot, {Event::Kind::IpiTake, o.which, 0, 0, o.other});
        rs.visible_done = true;
        run(out, slot, rs, h.entry, rec);
        return;
    }
    case StepKind::Hardware:
        rs.context = ir::ContextKind::Hardware;
        run(out, slot, rs, program_.hardware_actions[o.which].entry, rec);
        return;
    case StepKind::Drain:
        if constexpr (Rec::enabled) {
            auto loc = static_cast<std::uint32_t>(get_field(s, layout_.sb_location(o.cpu, 0)));
            std::uint32_t var = program_.location_variable[loc];
            std::int64_t value =
                get_field(s, layout_.sb_value(o.cpu, 0)) + layout_.location(loc).lo;
            rec.event(slot, {Event::Kind::Drain, var, loc - program_.variables[var].first_location,
                             value});
        }
        drain(s, o.cpu);
        return;
    }
}

template <class Rec>
void Machine::generate(const std::byte* state, Successors& out, Rec& rec) const {
    const auto& c = layout_.cpu();
    bool has_irqs = !program_.irq_handlers.empty();
    for (std::uint32_t cpu = 0; cpu < program_.cpus; ++cpu) {
        if (has_irqs && in_irq(state, cpu)) {
            start(state, out, rec, {StepKind::Interrupt, cpu, ir::kNone, 0});
        } else {
            if (program_.code[pc(state, cpu, false)].kind != InstrKind::Halt)
                start(state, out, rec, {StepKind::Program, cpu, ir::kNone, 0});
            if (has_irqs && get_field(state, layout_.at(c.irqs_off, cpu)) == 0) {
                for (std::uint32_t s = 0; s < program_.cpus; ++s) {
                    std::int64_t h = get_field(state, layout_.pending_handler(cpu, s));
                    if (h != 0)
                        start(state, out, rec,
                              {StepKind::Interrupt, cpu, static_cast<std::uint32_t>(h - 1), s});
                }
            }
        }
        for (std::uint32_t h = 0; h < program_.hardware_actions.size(); ++h)
            start(state, out, rec, {StepKind::Hardware, cpu, h, 0});
        if (!buffer_empty(state, cpu)) start(state, out, rec, {StepKind::Drain, cpu, ir::kNone, 0});
    }
}

// --- TransitionSystem ------------------------------------------------------------------

void Machine::initial_states(Successors& out) const {
    out.push(program_.initial_state.data());
}

void Machine::successors(const std::byte* state, Successors& out) const {
    NullRecorder rec;
    generate(state, out, rec);
    out.compact();
}

void Machine::update_statistics(Env& env) const {
    NullRecorder rec;
    for (std::size_t i = 0; i < program_.statistics.size(); ++i) {
        std::int64_t v = eval(program_.statistics[i].expr, env, rec);
        if (env.failed()) return; // the invariants report the run-time error
        std::int64_t seen = statistic_max_[i].load(std::memory_order_relaxed);
        while (v > seen &&
               !statistic_max_[i].compare_exchange_weak(seen, v, std::memory_order_relaxed)) {}
        if (v != 0) statistic_nonzero_[i].fetch_add(1, std::memory_order_relaxed);
    }
}

std::vector<Machine::StatisticValue> Machine::statistics() const {
    std::vector<StatisticValue> out;
    for (std::size_t i = 0; i < program_.statistics.size(); ++i)
        out.push_back({statistic_max_[i].load(std::memory_order_relaxed),
                       statistic_nonzero_[i].load(std::memory_order_relaxed)});
    return out;
}

PropertyId Machine::check_state(const std::byte* state) const {
    Env env;
    env.state = const_cast<std::byte*>(state); // invariants only read
    NullRecorder rec;
    update_statistics(env);
    for (std::uint32_t i = 0; i < program_.invariants.size(); ++i) {
        bool holds = eval(program_.invariants[i].expr, env, rec) != 0;
        if (env.failed())
            return program_.first_builtin_property() + static_cast<std::uint32_t>(env.error);
        if (!holds) return i;
    }
    return checker::kNoProperty;
}

bool Machine::may_terminate(const std::byte* state) const {
    for (std::uint32_t cpu = 0; cpu < program_.cpus; ++cpu) {
        if (program_.code[pc(state, cpu, false)].kind != InstrKind::Halt) return false;
        if (!program_.irq_handlers.empty() && in_irq(state, cpu)) return false;
    }
    return true;
}

std::vector<Event> Machine::explain_invariant(const std::byte* state, std::uint32_t id) const {
    Env env;
    env.state = const_cast<std::byte*>(state); // only read
    TraceRecorder rec;
    rec.ensure(0);
    eval(program_.invariants[id].expr, env, rec);
    return rec.slots[0].events;
}

StepDescription Machine::describe(const std::byte* state, std::uint32_t ordinal) const {
    Successors out(state_bytes());
    TraceRecorder rec;
    generate(state, out, rec);
    StepDescription d;
    std::uint32_t live = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out.is_dead(i)) continue;
        if (live++ != ordinal) continue;
        rec.ensure(i);
        // A forked slot inherits the origin of the slot it was copied from.
        d.origin = rec.origin_of(i);
        d.events = rec.slots[i].events;
        d.pcs = rec.slots[i].pcs;
        d.violation = out.violation(i);
        d.after.assign(out.state(i), out.state(i) + state_bytes());
        return d;
    }
    throw std::out_of_range("describe: no such successor");
}

} // namespace shootdown::machine
