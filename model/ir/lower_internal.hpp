// The lowering pass's shared state. Split over lower_decls.cpp (globals,
// types, layout), lower_expr.cpp (expressions), lower_builtins.cpp (the
// builtins of model/ir/builtins.hpp), lower_stmt.cpp (emission, entry points,
// statements), lower_calls.cpp (calls, inlining) and lower_loops.cpp (loops).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/frontend.hpp"
#include "model/ir/builtins.hpp"
#include "model/ir/program.hpp"
#include "model/lang/ast.hpp"
#include "model/lang/diagnostics.hpp"

namespace shootdown::ir {

using lang::closest_name;

// The static type of an expression during checking.
struct VType {
    enum class Kind { Bool, Int, Enum, Scalarset, Cpumask, Void, Error };
    Kind kind = Kind::Error;
    TypeId id = kNone;    // the declared type (kNone for unbounded int results)
    bool literal = false; // an integer literal: also fits scalarsets
    static VType error() { return {}; }
    static VType of(Kind k, TypeId t = kNone) { return {k, t, false}; }
};

struct Value {
    ExprId id = kNone;
    VType type;
};

// The static kind of values of a declared type.
inline VType::Kind kind_of(Type::Kind k) {
    switch (k) {
    case Type::Kind::Bool:
        return VType::Kind::Bool;
    case Type::Kind::Int:
        return VType::Kind::Int;
    case Type::Kind::Enum:
        return VType::Kind::Enum;
    case Type::Kind::Scalarset:
        return VType::Kind::Scalarset;
    case Type::Kind::Cpumask:
        return VType::Kind::Cpumask;
    }
    return VType::Kind::Error;
}

// A local slot is shared by every inlined copy of the same declaration in
// the same context: without recursion two copies are never live at once.
inline std::uint32_t slot_for(std::map<std::pair<int, const void*>, std::uint32_t>& slots,
                              int context, const void* key,
                              const std::function<std::uint32_t()>& make) {
    auto it = slots.find({context, key});
    if (it != slots.end()) return it->second;
    std::uint32_t id = make();
    slots[{context, key}] = id;
    return id;
}

// Thrown after an error has been reported, to abandon the current statement.
struct LoweringError {};

// Limits that keep a model's state, its code and the lowering's recursion
// within bounds; real models stay far below them.
inline constexpr std::uint64_t kMaxVariableBits = 1u << 24;
inline constexpr std::size_t kMaxInstructions = 1u << 18;
inline constexpr std::size_t kMaxCallDepth = 16;

class Lowerer {
public:
    Lowerer(const LoadOptions& options, std::shared_ptr<const lang::SourceManager> sources,
            lang::Diagnostics& diagnostics, ModelSummary& summary);
    std::optional<Program> run(const std::vector<const lang::Module*>& modules);

private:
    friend class CodeScope;
    // --- declarations (lower_decls.cpp) -------------------------------------
    void collect(const lang::Decl& d);
    void declare_param(const lang::Decl& d);
    void declare_type(const lang::Decl& d);
    void declare_enum(const lang::Decl& d);
    void declare_variable(const lang::Decl& d);
    void declare_variants(const lang::Decl& d);
    void select_variant();
    bool name_is_free(const std::string& name, lang::Span span);
    TypeId resolve_type(const lang::TypeExpr& t);
    TypeId add_type(Type t);
    std::int64_t constant(const lang::Expr& e);
    std::int64_t constant_binary(const lang::Expr& e, const std::string& op, std::int64_t a,
                                 std::int64_t b);
    struct Initial {
        bool list = false;                // `= {a, b, ...}`: one value per element
        std::vector<std::int64_t> values; // else: at most one, for every element
    };
    Initial initial_values(const lang::Decl& d, const Variable& v);
    void set_initial_values();
    void layout_state();
    std::uint32_t layout_cpu_block();

    // --- code (lower_stmt.cpp, lower_calls.cpp, lower_loops.cpp) -------------
    void lower_process(const lang::Decl& d);
    void lower_handler(const lang::Decl& d, std::uint32_t id);
    void lower_hardware(const lang::Decl& d, std::uint32_t id);
    void lower_invariant(const lang::Decl& d);
    void lower_statistic(const lang::Decl& d);
    void statement(const lang::Stmt& s);
    void statement_guarded(const lang::Stmt& s);
    void block(const lang::Stmt& s);
    void local_decl(const lang::Stmt& s);
    void assignment(const lang::Stmt& s);
    void if_statement(const lang::Stmt& s);
    void while_loop(const lang::Stmt& s);
    void for_in(const lang::Stmt& s);
    void for_each_cpu(const lang::Stmt& s);
    void either(const lang::Stmt& s);
    void choose(const lang::Stmt& s);
    void atomic(const lang::Stmt& s);
    void return_statement(const lang::Stmt& s);
    void jump_out(const lang::Stmt& s, bool is_break);
    void call_statement(const lang::Expr& call);

    // --- expressions (lower_expr.cpp; calls in lower_calls.cpp) -------------
    Value value(const lang::Expr& e);     // any expression, hoisting memory reads
    Value condition(const lang::Expr& e); // a bool
    Value lvalue(const lang::Expr& e);    // a Local or Global node
    Value name(const lang::Expr& e);
    Value index(const lang::Expr& e);
    Value global_access(const lang::Expr& e, std::uint32_t var,
                        std::vector<const lang::Expr*> indexes);
    Value unary(const lang::Expr& e);
    Value binary(const lang::Expr& e);
    Value short_circuit(const lang::Expr& e);
    Value ternary(const lang::Expr& e);
    Value quantifier(const lang::Expr& e);
    Value call(const lang::Expr& e, bool as_statement);
    // --- builtins (lower_builtins.cpp): one routine per ir::Lowering --------
    std::optional<Value> builtin(const lang::Expr& e); // nullopt: not a builtin
    static std::vector<std::string> builtin_names();   // for "did you mean" hints
    Value lower_builtin(const Builtin& b, const lang::Expr& e);
    Value memory_rmw(const lang::Expr& e, const Builtin& b);
    Value mask_update(const lang::Expr& e, RmwOp op);
    Value irq_flags(const lang::Expr& e, bool save);
    Value cpu_query(const lang::Expr& e, Lowering l);
    Value variant_test(const lang::Expr& e);
    Value mask_query(const lang::Expr& e, Lowering l);
    Value bug_on(const lang::Expr& e);
    Value ipi_call(const lang::Expr& e, IpiShape shape);
    Value inline_function(const lang::Expr& e, const lang::Decl& f);
    Value hoist(Value v, lang::Span span); // a memory read becomes its own instruction
    Value cpu_value(const lang::Expr& e);
    Value mask_value(const lang::Expr& e);
    void require_cpu_code(const lang::Expr& e);
    std::uint32_t assert_property(std::string name, lang::Span span);
    void store(const lang::Expr& target, const lang::Expr& value, lang::Span span);
    void run_handler_locally(const lang::Decl& handler, ExprId mask, ExprId arg, lang::Span span);
    void check_inlinable(const lang::Decl& f, bool handler, lang::Span span);
    Value inline_body(const lang::Decl& f, const std::vector<ExprId>& args, lang::Span span);
    TypeId cpumask_type();
    VType::Kind vtype_kind(TypeId t) const;
    void release_temps(std::size_t mark, lang::Span span);
    void attach_temps(std::size_t mark, std::uint32_t branch);
    bool reads_memory(const lang::Expr& e);
    bool is_memory_variable(std::uint32_t var) const;
    void check_assignable(VType target, const Value& v, lang::Span span);
    bool compatible(VType a, VType b) const;
    std::string type_name(VType t) const;
    const lang::Expr& strip_address(const lang::Expr& e);
    void expect_args(const lang::Expr& e, std::size_t n);

    // --- emission helpers ---------------------------------------------------
    ExprId node(Op op, lang::Span span, std::uint32_t a = kNone, std::uint32_t b = kNone,
                std::uint32_t c = kNone, std::uint32_t d = kNone, std::int64_t v = 0);
    ExprId const_node(std::int64_t v, lang::Span span) {
        return node(Op::Const, span, kNone, kNone, kNone, kNone, v);
    }
    std::uint32_t emit(InstrKind kind, lang::Span span, std::uint32_t a = kNone,
                       std::uint32_t b = kNone, std::uint32_t c = kNone, std::uint32_t d = kNone);
    std::uint32_t pc() const { return static_cast<std::uint32_t>(program_.code.size()); }
    void patch(std::uint32_t instr, std::uint32_t target);
    bool expr_touches_memory(ExprId e) const;
    std::uint32_t new_local(const std::string& name, TypeId type, lang::Span span, bool temp);
    std::uint32_t temporary(VType type, lang::Span span);
    TypeId storage_type(VType t, lang::Span span);
    void emit_zero(const std::vector<std::uint32_t>& locals, lang::Span span);
    [[noreturn]] void fail(lang::Span span, std::string message, std::string hint = {});
    void check_not_poisoned(const std::string& name);
    [[noreturn]] void too_large(lang::Span span);

    struct Scope {
        std::map<std::string, std::uint32_t> names; // local id
        std::vector<std::uint32_t> locals;          // to zero at exit
    };
    struct Loop {
        std::size_t scope_depth;
        std::vector<std::uint32_t> breaks, continues;
        bool atomic;
        std::size_t frame_depth;
    };
    void close_counted_loop(const Loop& loop, std::uint32_t var, std::int64_t last,
                            std::uint32_t top, lang::Span span);
    struct Frame { // an inlined function or handler body
        std::string function;
        std::size_t scope_depth;
        std::size_t loop_depth;
        std::uint32_t result_local = kNone;
        VType result_type;
        std::vector<std::uint32_t> returns;
        bool atomic;
    };
    std::vector<std::uint32_t> locals_from(std::size_t scope_depth) const;

    const LoadOptions& options_;
    std::shared_ptr<const lang::SourceManager> sources_;
    lang::Diagnostics& diagnostics_;
    ModelSummary& summary_;
    Program program_;

    std::map<std::string, std::int64_t> params_;
    std::map<std::string, TypeId> types_;
    std::map<std::string, std::pair<TypeId, std::int64_t>> enum_constants_;
    std::map<std::string, std::uint32_t> variables_;
    std::map<std::string, const lang::Decl*> functions_;
    std::map<std::string, std::uint32_t> handlers_;
    std::map<std::string, lang::Span> declared_; // every global name, for duplicate checks
    // Names whose declaration failed: their uses fail quietly, as the error has
    // been reported once already.
    std::set<std::string> poisoned_;
    bool type_failed_ = false; // a `type` or `enum` declaration failed
    bool too_large_ = false;   // kMaxInstructions was reached (and reported)
    std::uint64_t variable_bits_ = 0;
    std::size_t inlined_calls_ = 0;
    std::vector<Initial> initial_values_; // one per program_.variables entry
    lang::Span cpu_type_span_;
    std::vector<const lang::Decl*> variable_decls_, process_decls_, irq_decls_, hardware_decls_,
        invariant_decls_, statistic_decls_;
    std::map<std::string, std::uint32_t> assert_ids_;
    TypeId cpu_type_ = kNone, bool_type_ = kNone, cpumask_type_ = kNone;
    std::map<std::pair<int, const void*>, std::uint32_t> local_slots_; // (context, declaration)
    std::map<std::pair<int, const void*>, std::uint32_t> param_slots_[2];
    std::uint32_t variants_declared_ = 0;

    // State of the code being lowered.
    ContextKind context_ = ContextKind::Main;
    bool lvalue_mode_ = false; // resolving an assignment target: no hoisting of the final access
    bool atomic_ = false;      // inside atomic { } or a hardware action: no hoisting
    bool in_cpu_code_ = false; // this_cpu and bare per_cpu names are allowed
    std::vector<Scope> scopes_;
    std::vector<Loop> loops_;
    std::vector<Frame> frames_;
    std::uint32_t current_function_ = kNone;
    std::vector<std::string> bound_names_; // quantifier variables, innermost last
    std::vector<TypeId> bound_types_;
    std::map<std::pair<int, TypeId>, std::vector<std::uint32_t>> temp_pool_;
    std::vector<std::uint32_t> temps_in_use_;
    std::uint32_t locals_bits_[3] = {0, 0, 0};
};

} // namespace shootdown::ir
