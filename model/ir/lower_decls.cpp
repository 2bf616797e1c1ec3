// Lowering of declarations: parameters, types, enums, variables, variants,
// and the layout of the state vector.
#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "model/ir/bits.hpp"
#include "model/ir/lower_internal.hpp"

namespace shootdown::ir {

using lang::Decl;
using lang::Expr;
using lang::Span;
using lang::TypeExpr;

Lowerer::Lowerer(const LoadOptions& options, std::shared_ptr<const lang::SourceManager> sources,
                 lang::Diagnostics& diagnostics, ModelSummary& summary)
    : options_(options), sources_(std::move(sources)), diagnostics_(diagnostics),
      summary_(summary) {
    program_.sources = sources_;
    program_.memory = options.memory.value_or(MemoryModel::SC);
    Type b;
    b.kind = Type::Kind::Bool;
    b.name = "bool";
    b.hi = 1;
    bool_type_ = add_type(b);
    types_["bool"] = bool_type_;
}

void Lowerer::fail(Span span, std::string message, std::string hint) {
    diagnostics_.error(span, std::move(message), std::move(hint));
    throw LoweringError{};
}

void Lowerer::check_not_poisoned(const std::string& name) {
    if (poisoned_.count(name)) throw LoweringError{};
}

TypeId Lowerer::add_type(Type t) {
    program_.types.push_back(std::move(t));
    return static_cast<TypeId>(program_.types.size() - 1);
}

bool Lowerer::name_is_free(const std::string& name, Span span) {
    auto [it, inserted] = declared_.emplace(name, span);
    if (inserted) return true;
    diagnostics_.error(
        span, fmt::format("`{}` is already declared", name),
        fmt::format("the first declaration is at {}", sources_->location(it->second)));
    return false;
}

std::optional<Program> Lowerer::run(const std::vector<const lang::Module*>& modules) {
    // Variants first: `variant(X)` may decide a parameter's default.
    for (const lang::Module* m : modules)
        for (const Decl& d : m->decls)
            if (d.kind == Decl::Kind::Variant) declare_variants(d);
    select_variant();
    for (const lang::Module* m : modules)
        for (const Decl& d : m->decls) {
            try {
                collect(d);
            } catch (const LoweringError&) {
                if (!d.name.empty() && d.kind != Decl::Kind::Import) poisoned_.insert(d.name);
                if (d.kind == Decl::Kind::Type || d.kind == Decl::Kind::Enum) type_failed_ = true;
            }
        }
    for (const auto& [name, value] : options_.params) {
        if (!params_.count(name) && !poisoned_.count(name)) {
            std::vector<std::string> names;
            for (const auto& [n, v] : params_)
                names.push_back(n);
            std::string hint = closest_name(name, names);
            diagnostics_.option_error(
                fmt::format("--param {}: the model has no parameter `{}`", name, name),
                hint.empty() ? "`shootdown list MODEL` shows the parameters"
                             : fmt::format("did you mean `{}`?", hint));
        }
    }
    if (cpu_type_ == kNone) {
        // A failed type declaration may have been meant as the CPU type.
        if (!type_failed_)
            diagnostics_.error(Span{modules.back()->file, 0, 0}, "the model declares no CPU type",
                               "declare one, e.g. `type cpu = cpus(NCPU);`");
        return std::nullopt;
    }
    for (const Decl* d : variable_decls_) {
        try {
            declare_variable(*d);
        } catch (const LoweringError&) {
            poisoned_.insert(d->name);
        }
    }
    if (process_decls_.size() != 1) {
        Span at =
            process_decls_.empty() ? Span{modules.back()->file, 0, 0} : process_decls_[1]->span;
        diagnostics_.error(at,
                           process_decls_.empty() ? "the model has no `process`"
                                                  : "the model has more than one `process`",
                           "write one `process { ... }`: the program every CPU runs");
        return std::nullopt;
    }
    try {
        for (std::uint32_t i = 0; i < irq_decls_.size(); ++i)
            lower_handler(*irq_decls_[i], i);
        for (std::uint32_t i = 0; i < hardware_decls_.size(); ++i)
            lower_hardware(*hardware_decls_[i], i);
        lower_process(*process_decls_[0]);
        for (const Decl* d : invariant_decls_)
            lower_invariant(*d);
        for (const Decl* d : statistic_decls_)
            lower_statistic(*d);
    } catch (const LoweringError&) {
        return std::nullopt; // the model is too large (see too_large()), already reported
    }
    if (diagnostics_.has_errors()) return std::nullopt;
    layout_state();
    set_initial_values();
    if (diagnostics_.has_errors()) return std::nullopt;
    program_.index_properties();
    return std::move(program_);
}

void Lowerer::collect(const Decl& d) {
    switch (d.kind) {
    case Decl::Kind::Import:
        return; // resolved by the front end
    case Decl::Kind::Memory:
        // The command line's --memory wins over the model's default.
        if (!options_.memory)
            program_.memory = d.name == "tso" ? MemoryModel::TSO : MemoryModel::SC;
        return;
    case Decl::Kind::Param:
        return declare_param(d);
    case Decl::Kind::Type:
        return declare_type(d);
    case Decl::Kind::Enum:
        return declare_enum(d);
    case Decl::Kind::Variable:
        if (name_is_free(d.name, d.name_span)) variable_decls_.push_back(&d);
        return;
    case Decl::Kind::Variant:
        return; // declared first, in run()
    case Decl::Kind::Function:
        if (name_is_free(d.name, d.name_span)) functions_[d.name] = &d;
        return;
    case Decl::Kind::Process:
        process_decls_.push_back(&d);
        return;
    case Decl::Kind::Irq:
        if (name_is_free(d.name, d.name_span)) {
            if (d.params.size() > 1)
                fail(d.params[1].span, "an interrupt handler takes at most one argument",
                     "pass what the handler needs in one value, like the kernel's `void *info`");
            handlers_[d.name] = static_cast<std::uint32_t>(irq_decls_.size());
            irq_decls_.push_back(&d);
            summary_.handlers.push_back(d.name);
        }
        return;
    case Decl::Kind::Hardware:
        if (!d.params.empty())
            fail(d.params[0].span, "a hardware action takes no arguments",
                 "it runs on each CPU; use `this_cpu` and `choose` inside");
        if (name_is_free(d.name, d.name_span)) {
            hardware_decls_.push_back(&d);
            summary_.hardware_actions.push_back(d.name);
        }
        return;
    case Decl::Kind::Invariant:
        if (name_is_free(d.name, d.name_span)) {
            invariant_decls_.push_back(&d);
            summary_.invariants.push_back(d.name);
        }
        return;
    case Decl::Kind::Statistic:
        if (name_is_free(d.name, d.name_span)) {
            statistic_decls_.push_back(&d);
            summary_.statistics.push_back(d.name);
        }
        return;
    }
}

void Lowerer::declare_param(const Decl& d) {
    if (!name_is_free(d.name, d.name_span)) return;
    std::int64_t value = constant(*d.value);
    summary_.params.emplace_back(d.name, value);
    for (const auto& [name, v] : options_.params)
        if (name == d.name) value = v;
    params_[d.name] = value;
    program_.params.emplace_back(d.name, value);
}

void Lowerer::declare_type(const Decl& d) {
    if (!name_is_free(d.name, d.name_span)) return;
    TypeId id = resolve_type(*d.type);
    const Type& resolved = program_.types[id];
    bool fresh = d.type->kind == TypeExpr::Kind::Scalarset ||
                 d.type->kind == TypeExpr::Kind::Cpus || d.type->kind == TypeExpr::Kind::Int;
    if (fresh) program_.types[id].name = d.name;
    if (resolved.is_cpu) {
        if (cpu_type_ != kNone && cpu_type_ != id)
            fail(d.name_span, "the model declares two CPU types",
                 fmt::format("declare `cpus(N)` once; the CPU type is `{}`, declared at {}",
                             program_.types[cpu_type_].name, sources_->location(cpu_type_span_)));
        cpu_type_ = id;
        cpu_type_span_ = d.name_span;
        program_.cpus = resolved.size();
    }
    types_[d.name] = id;
}

void Lowerer::declare_enum(const Decl& d) {
    if (!name_is_free(d.name, d.name_span)) return;
    if (d.members.empty())
        fail(d.name_span, fmt::format("enum `{}` has no constants", d.name),
             "list them: `enum NAME { A, B };`");
    Type t;
    t.kind = Type::Kind::Enum;
    t.name = d.name;
    t.members = d.members;
    t.hi = static_cast<std::int64_t>(d.members.size()) - 1;
    TypeId id = add_type(t);
    types_[d.name] = id;
    for (std::size_t i = 0; i < d.members.size(); ++i) {
        if (name_is_free(d.members[i], d.member_spans[i]))
            enum_constants_[d.members[i]] = {id, static_cast<std::int64_t>(i)};
    }
}

void Lowerer::declare_variants(const Decl& d) {
    for (std::size_t i = 0; i < d.members.size(); ++i) {
        if (!name_is_free(d.members[i], d.member_spans[i])) continue;
        program_.variants.push_back(d.members[i]);
        summary_.variants.push_back(d.members[i]);
    }
}

void Lowerer::select_variant() {
    const auto& v = program_.variants;
    if (options_.variant.empty()) {
        if (!v.empty()) program_.variant = v.front();
        return;
    }
    if (std::find(v.begin(), v.end(), options_.variant) != v.end()) {
        program_.variant = options_.variant;
        return;
    }
    std::string hint = v.empty() ? "this model declares no variants"
                                 : fmt::format("the variants are: {}", fmt::join(v, ", "));
    diagnostics_.option_error(fmt::format("--variant {}: no such variant", options_.variant), hint);
}

TypeId Lowerer::resolve_type(const TypeExpr& t) {
    switch (t.kind) {
    case TypeExpr::Kind::Bool:
        return bool_type_;
    case TypeExpr::Kind::Void:
        fail(t.span, "`void` is only a function's return type");
    case TypeExpr::Kind::Int: {
        Type r;
        r.kind = Type::Kind::Int;
        r.lo = constant(*t.lo);
        r.hi = constant(*t.hi);
        r.name = fmt::format("int<{}..{}>", r.lo, r.hi);
        if (r.hi < r.lo)
            fail(t.span, fmt::format("empty range {}..{}", r.lo, r.hi),
                 "write the smaller bound first");
        // hi - lo + 1 values, computed without overflow; Type::size() counts them in 32 bits.
        if (static_cast<std::uint64_t>(r.hi) - static_cast<std::uint64_t>(r.lo) >= (1ull << 32) - 1)
            fail(t.span, "range too large: at most 2^32 - 1 values");
        return add_type(r);
    }
    case TypeExpr::Kind::Scalarset:
    case TypeExpr::Kind::Cpus: {
        Type r;
        r.kind = Type::Kind::Scalarset;
        std::int64_t n = constant(*t.lo);
        if (n < 1 || n > 32)
            fail(t.lo->span, fmt::format("a scalarset needs 1 to 32 elements, not {}", n));
        r.hi = n - 1;
        r.is_cpu = t.kind == TypeExpr::Kind::Cpus;
        r.name = r.is_cpu ? "cpus" : "scalarset";
        return add_type(r);
    }
    case TypeExpr::Kind::Cpumask: {
        auto it = types_.find(t.name);
        if (it == types_.end()) check_not_poisoned(t.name);
        if (it == types_.end() || !program_.types[it->second].is_cpu)
            fail(t.span, fmt::format("`cpumask<{}>` needs the CPU type", t.name),
                 cpu_type_ == kNone
                     ? "declare `type cpu = cpus(N);` first"
                     : fmt::format("write `cpumask<{}>`", program_.types[cpu_type_].name));
        Type r;
        r.kind = Type::Kind::Cpumask;
        r.hi = static_cast<std::int64_t>(mask_of(static_cast<std::uint8_t>(program_.cpus)));
        r.name = fmt::format("cpumask<{}>", t.name);
        return add_type(r);
    }
    case TypeExpr::Kind::Named: {
        auto it = types_.find(t.name);
        if (it != types_.end()) return it->second;
        check_not_poisoned(t.name);
        std::vector<std::string> names;
        for (const auto& [n, id] : types_)
            names.push_back(n);
        std::string hint = closest_name(t.name, names);
        fail(t.span, fmt::format("unknown type `{}`", t.name),
             hint.empty() ? "declare it with `type` or `enum` before its use"
                          : fmt::format("did you mean `{}`?", hint));
    }
    }
    fail(t.span, "unsupported type");
}

void Lowerer::declare_variable(const Decl& d) {
    Variable v;
    v.name = d.name;
    v.span = d.name_span;
    v.storage = d.storage == "shared" ? Storage::Shared
                : d.storage == "hw"   ? Storage::Hw
                                      : Storage::Ghost;
    v.per_cpu = d.per_cpu;
    v.serializing = d.serializing;
    if (d.serializing && v.storage != Storage::Hw)
        fail(d.span, "only a `hw` register can be `serializing`",
             "write `hw per_cpu serializing ...`");
    v.type = resolve_type(*d.type);
    if (d.per_cpu) v.index_types.push_back(cpu_type_);
    for (const auto& dim : d.dims) {
        if (v.index_types.size() == 3)
            fail(dim->span, "arrays have at most three dimensions (per_cpu counts as one)");
        TypeId index = resolve_type(*dim);
        Type::Kind k = program_.types[index].kind;
        if (k == Type::Kind::Cpumask) fail(dim->span, "a cpumask cannot index an array");
        v.index_types.push_back(index);
    }
    std::uint64_t elements = 1;
    for (TypeId i : v.index_types) {
        v.extents.push_back(program_.types[i].size());
        elements *= program_.types[i].size(); // checked at each factor: no overflow
        if (elements > (1u << 20))
            fail(d.name_span,
                 fmt::format("array too large for a model state: more than {} elements", 1u << 20));
    }
    v.element_count = static_cast<std::uint32_t>(elements);
    v.width = program_.types[v.type].bits();
    // An element of zero bits (int<5..5>) still costs a memory location.
    variable_bits_ += elements * std::max<std::uint64_t>(v.width, 1);
    if (variable_bits_ > kMaxVariableBits)
        fail(d.name_span,
             fmt::format("the model's variables take more than {} bits of state", kMaxVariableBits),
             "make arrays or ranges smaller");
    if (!d.init_list.empty() && v.index_types.size() != 1)
        fail(d.init_list[0]->span, "a list of initial values needs a one-dimensional array");
    if (d.init_list.size() > v.element_count)
        fail(d.init_list[v.element_count]->span,
             fmt::format("{} initial values for {} elements", d.init_list.size(), v.element_count));
    variables_[d.name] = static_cast<std::uint32_t>(program_.variables.size());
    program_.variables.push_back(v);
    initial_values_.push_back(initial_values(d, v));
}

// The declared initial values, checked like assignments: each a constant of
// the variable's type, within its range. A bad one is reported and replaced
// by the type's first value, so that every bad element of a list is shown.
Lowerer::Initial Lowerer::initial_values(const Decl& d, const Variable& v) {
    const Type t = program_.types[v.type]; // a copy: value() below may add types
    Initial out;
    out.list = !d.init_list.empty();
    std::vector<const Expr*> inits;
    for (const auto& e : d.init_list)
        inits.push_back(e.get());
    if (d.value) inits.push_back(d.value.get());
    for (const Expr* init : inits) {
        std::int64_t value = t.lo;
        try {
            value = constant(*init);
            atomic_ = true; // a constant: nothing to hoist, no code
            Value typed = this->value(*init);
            atomic_ = false;
            check_assignable(VType{vtype_kind(v.type), v.type, false}, typed, init->span);
            if (value < t.lo || value > t.hi)
                fail(init->span, fmt::format("initial value {} is outside `{}` ({}..{})", value,
                                             t.name, t.lo, t.hi));
        } catch (const LoweringError&) {
            atomic_ = false;
            value = t.lo;
        }
        out.values.push_back(value);
    }
    return out;
}

// A binary operator applied to two constants, with the language's checks.
std::int64_t Lowerer::constant_binary(const Expr& e, const std::string& op, std::int64_t a,
                                      std::int64_t b) {
    auto overflow = [&]() -> std::int64_t {
        fail(e.span, "integer overflow in a constant", "constants are 64-bit signed integers");
    };
    std::int64_t r = 0;
    if (op == "+") return __builtin_add_overflow(a, b, &r) ? overflow() : r;
    if (op == "-") return __builtin_sub_overflow(a, b, &r) ? overflow() : r;
    if (op == "*") return __builtin_mul_overflow(a, b, &r) ? overflow() : r;
    if ((op == "/" || op == "%") && b == 0) fail(e.span, "division by zero in a constant");
    if ((op == "/" || op == "%") && b == -1)
        return op == "/" ? (a == std::numeric_limits<std::int64_t>::min() ? overflow() : -a) : 0;
    if (op == "/") return a / b;
    if (op == "%") return a % b;
    if (op == "==") return a == b;
    if (op == "!=") return a != b;
    if (op == "<") return a < b;
    if (op == "<=") return a <= b;
    if (op == ">") return a > b;
    if (op == ">=") return a >= b;
    if (op == "&&") return a && b;
    if (op == "||") return a || b;
    if (op == "&") return a & b;
    if (op == "|") return a | b;
    if (op == "^") return a ^ b;
    if ((op == "<<" || op == ">>") && (b < 0 || b > 62))
        fail(e.span, fmt::format("shift by {} in a constant", b), "shift by 0 to 62 bits");
    if (op == "<<")
        return a > (std::numeric_limits<std::int64_t>::max() >> b) ||
                       a < (std::numeric_limits<std::int64_t>::min() >> b)
                   ? overflow()
                   : static_cast<std::int64_t>(static_cast<std::uint64_t>(a) << b);
    if (op == ">>") return a >> b;
    fail(e.span, fmt::format("`{}` cannot be used in a constant here", op));
}

std::int64_t Lowerer::constant(const Expr& e) {
    auto negate = [&](std::int64_t a) -> std::int64_t {
        if (a == std::numeric_limits<std::int64_t>::min())
            fail(e.span, "integer overflow in a constant", "constants are 64-bit signed integers");
        return -a;
    };
    switch (e.kind) {
    case Expr::Kind::Integer:
    case Expr::Kind::Bool:
        return e.value;
    case Expr::Kind::Name: {
        if (auto it = params_.find(e.name); it != params_.end()) return it->second;
        if (auto it = enum_constants_.find(e.name); it != enum_constants_.end())
            return it->second.second;
        if (e.name == "cpu_all_mask" || e.name == "cpu_online_mask")
            return static_cast<std::int64_t>(mask_of(static_cast<std::uint8_t>(program_.cpus)));
        check_not_poisoned(e.name);
        fail(e.span, fmt::format("`{}` is not a constant", e.name),
             "constants are integers, parameters, enum constants and `cpu_all_mask`");
    }
    case Expr::Kind::Unary: {
        std::int64_t a = constant(*e.args[0]);
        if (e.op == "-") return negate(a);
        if (e.op == "!") return !a;
        return ~a;
    }
    case Expr::Kind::Binary:
        return constant_binary(e, e.op, constant(*e.args[0]), constant(*e.args[1]));
    case Expr::Kind::Ternary:
        return constant(*e.args[0]) ? constant(*e.args[1]) : constant(*e.args[2]);
    case Expr::Kind::Call:
        if (e.name == "cpumask_of" && e.args.size() == 1) {
            std::int64_t c = constant(*e.args[0]);
            if (c < 0 || c >= 63) fail(e.span, "CPU number out of range");
            return std::int64_t{1} << c;
        }
        if (e.name == "variant" && e.args.size() == 1 && e.args[0]->kind == Expr::Kind::Name) {
            const auto& vs = program_.variants;
            if (std::find(vs.begin(), vs.end(), e.args[0]->name) == vs.end())
                fail(e.args[0]->span,
                     fmt::format("`{}` is not a declared variant", e.args[0]->name),
                     vs.empty() ? "declare one with `variant NAME;`"
                                : fmt::format("the variants are: {}", fmt::join(vs, ", ")));
            return e.args[0]->name == program_.variant;
        }
        break;
    default:
        break;
    }
    fail(e.span, "expected a constant expression",
         "initial values and parameters must be known before the search starts");
}

void Lowerer::set_initial_values() {
    program_.initial_state.assign(program_.state_bytes(), std::byte{0});
    std::byte* s = program_.initial_state.data();
    for (std::uint32_t var = 0; var < program_.variables.size(); ++var) {
        const Variable& v = program_.variables[var];
        const Initial& init = initial_values_[var];
        const Type& t = program_.types[v.type];
        for (std::uint32_t i = 0; i < v.element_count; ++i) {
            // As in C, elements a list leaves out start at the type's first value.
            std::int64_t value = t.lo;
            if (init.list && i < init.values.size()) value = init.values[i];
            if (!init.list && !init.values.empty()) value = init.values[0];
            set_bits(s, v.offset + i * v.width, v.width, static_cast<std::uint64_t>(value - t.lo));
        }
    }
    // Every CPU starts at the process entry, IRQs enabled, not in a handler.
    const CpuLayout& c = program_.cpu;
    for (std::uint32_t cpu = 0; cpu < program_.cpus; ++cpu)
        set_field(s, c.main_pc, program_.process_entry, c.block_offset + cpu * c.block_bits);
}

void Lowerer::layout_state() {
    std::uint32_t offset = 0;
    for (std::uint32_t i = 0; i < program_.variables.size(); ++i) {
        Variable& v = program_.variables[i];
        v.offset = offset;
        offset += v.width * v.element_count;
        if (v.storage == Storage::Shared) {
            v.first_location = program_.location_count;
            program_.location_count += v.element_count;
            for (std::uint32_t e = 0; e < v.element_count; ++e)
                program_.location_variable.push_back(i);
        }
    }
    program_.cpu.block_offset = offset;
    program_.cpu.block_bits = layout_cpu_block();
    program_.state_bits = offset + program_.cpus * program_.cpu.block_bits;
}

std::uint32_t Lowerer::layout_cpu_block() {
    CpuLayout& c = program_.cpu;
    std::uint32_t at = 0;
    auto field = [&at](std::uint8_t width) {
        Field f{at, width, 0};
        at += width;
        return f;
    };
    std::uint8_t pc_bits = bits_for(program_.code.size());
    std::uint8_t cpu_bits = bits_for(program_.cpus - 1);
    c.main_pc = field(pc_bits);
    c.irqs_off = field(1);
    if (!irq_decls_.empty()) {
        c.irq_active = field(1);
        c.irq_pc = field(pc_bits);
        c.irq_sender = field(cpu_bits);
        c.pending_handler_bits = bits_for(irq_decls_.size());
        std::uint8_t arg_bits = 0;
        for (const Handler& h : program_.irq_handlers)
            if (h.param_type != kNone)
                arg_bits = std::max(arg_bits, program_.types[h.param_type].bits());
        c.pending_arg_bits = arg_bits;
        c.pending_offset = at;
        at += program_.cpus * (c.pending_handler_bits + c.pending_arg_bits);
    }
    if (program_.memory == MemoryModel::TSO && program_.location_count > 0) {
        c.sb_capacity = options_.store_buffer;
        c.sb_count = field(bits_for(c.sb_capacity));
        c.sb_location_bits = bits_for(program_.location_count - 1);
        std::uint8_t value_bits = 0;
        for (const Variable& v : program_.variables)
            if (v.storage == Storage::Shared) value_bits = std::max(value_bits, v.width);
        c.sb_value_bits = value_bits;
        c.sb_entries = at;
        at += c.sb_capacity * (c.sb_location_bits + c.sb_value_bits);
    }
    for (int k = 0; k < 3; ++k) {
        c.locals_offset[k] = at;
        at += locals_bits_[k];
    }
    return at;
}

} // namespace shootdown::ir
