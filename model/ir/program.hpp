// A lowered model: the bit-packed state layout and flat per-context code.
// This is all the machine (model/machine) and the properties see; nothing
// here refers to the AST. Spans are kept so traces can point at source lines.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/lang/source.hpp"

namespace shootdown::ir {

using lang::Span;
using TypeId = std::uint32_t;
using ExprId = std::uint32_t;
inline constexpr std::uint32_t kNone = 0xffffffffu;

// A bounded value type. Every value is held in an int64 at run time and
// stored in `bits()` bits as (value - lo).
struct Type {
    enum class Kind : std::uint8_t { Bool, Int, Enum, Scalarset, Cpumask };
    Kind kind = Kind::Int;
    std::string name;
    std::int64_t lo = 0, hi = 0;      // inclusive range of values (Cpumask: 0 .. 2^n-1)
    std::vector<std::string> members; // Enum constants, in order
    bool is_cpu = false;              // Scalarset: it is the CPU type
    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(hi - lo + 1); }
    [[nodiscard]] std::uint8_t bits() const;
};

// A scalar slot in the state: `width` bits at `offset` (bits from the state's
// start), holding value - lo.
struct Field {
    std::uint32_t offset = 0;
    std::uint8_t width = 0;
    std::int64_t lo = 0;
};

enum class Storage : std::uint8_t {
    Shared, // memory: goes through the memory model (store buffers under TSO)
    Hw,     // per-CPU hardware state (CR3, TLB, paging-structure caches): never buffered
    Ghost,  // for properties only: accesses are never a step of their own
};

// A global variable: an array of `element_count` elements of `type`,
// row-major over `extents` (a per_cpu variable has the CPU type first).
struct Variable {
    std::string name;
    Storage storage = Storage::Shared;
    bool per_cpu = false;
    bool serializing = false; // a write is a core-serializing event (CR3)
    TypeId type = 0;
    std::vector<TypeId> index_types;
    std::vector<std::uint32_t> extents;
    std::uint32_t element_count = 1;
    std::uint32_t offset = 0; // of element 0; element i is at offset + i * width
    std::uint8_t width = 0;
    std::uint32_t first_location = kNone; // Shared: memory location id of element 0
    Span span;
};

// Memory models: the rows of memory_models.def.
enum class MemoryModel : std::uint8_t {
#define MEMORY_MODEL(name, spelling, title, fences_wait, buffers_stores, barriers) name,
#include "model/ir/memory_models.def"
#undef MEMORY_MODEL
};

enum class ContextKind : std::uint8_t { Main, Irq, Hardware };

// A local variable of one context kind (the process, interrupt handlers, or
// hardware actions). Its offset is relative to the CPU's context block.
struct Local {
    std::string name;
    TypeId type = 0;
    ContextKind context = ContextKind::Main;
    std::uint32_t offset = 0;
    std::uint8_t width = 0;
    bool temporary = false; // introduced by the lowering, not written by the user
    Span span;
};

// Expression operators: the rows of operators.def.
enum class Op : std::uint8_t {
#define OP(name, shape, family, purity, spelling) name,
#include "model/ir/operators.def"
#undef OP
};

struct ExprNode {
    Op op = Op::Const;
    std::uint32_t a = kNone, b = kNone, c = kNone, d = kNone;
    std::int64_t value = 0;
    Span span;
};

enum class RmwOp : std::uint8_t { Add, Xchg, Cmpxchg, SetBit, ClearBit, TestSetBit, TestClearBit };
enum class RmwResult : std::uint8_t { None, Old, New, NewIsZero };

// Instruction kinds: the rows of instructions.def (operand roles, control
// flow and access in model/ir/registry.hpp).
enum class InstrKind : std::uint8_t {
#define INSTR(name, a, b, c, d, flow, access, doc) name,
#include "model/ir/instructions.def"
#undef INSTR
};

struct Instr {
    InstrKind kind = InstrKind::Halt;
    bool touches_memory = false; // reads or writes Shared or Hw state (a step of its own)
    std::uint8_t rmw_op = 0, rmw_result = 0;
    std::uint32_t a = kNone, b = kNone, c = kNone, d = kNone;
    std::uint32_t zero_begin = 0, zero_count = 0; // locals zero_lists[..] reset after it runs
    Span span;
    std::uint32_t function = kNone; // index into Program::functions, for traces
};

// Built-in run-time checks, numbered after the invariants and asserts
// (Program::check_property).
enum class BuiltinCheck : std::uint32_t {
    ValueOutOfRange,
    IndexOutOfRange,
    DivisionByZero,
    StepTooLong, // a step ran too many instructions without a memory access
    Count,
};

// One reportable property (Program::properties).
struct Property {
    enum class Kind : std::uint8_t { Invariant, Assert, Check };
    Kind kind = Kind::Invariant;
    std::uint32_t index = 0; // into invariants, asserts, or the BuiltinCheck value
    std::string name;        // as reports print it: "invariant x", the assert message, ...
    Span span;               // the declaration (none for a built-in check)
};

// A loop over every value of a local's type, as the lowering emits it for
// `for (v in T)` and `for_each_cpu`: the body from `top`, then at `control`
// the test (Branch if v != last), the increment of v, and the jump to top.
struct CountedLoop {
    std::uint32_t top = 0, control = 0, var = 0;
};

struct Handler {
    std::string name;
    std::uint32_t entry = 0; // pc
    std::uint32_t param_local = kNone;
    TypeId param_type = kNone;
    Span span;
};

struct Invariant {
    std::string name;
    ExprId expr = 0;
    Span span;
};

// Per-CPU bookkeeping fields, relative to the CPU's context block.
struct CpuLayout {
    std::uint32_t block_offset = 0; // CPU c's block starts at block_offset + c * block_bits
    std::uint32_t block_bits = 0;
    Field main_pc, irq_pc, irq_active, irq_sender, irqs_off;
    Field sb_count;               // TSO: entries in the store buffer
    std::uint32_t sb_entries = 0; // offset of entry 0 (location, value)
    std::uint8_t sb_location_bits = 0, sb_value_bits = 0;
    std::uint32_t sb_capacity = 0;
    std::uint32_t pending_offset = 0; // pending IPI from sender s: handler+1, then argument
    std::uint8_t pending_handler_bits = 0, pending_arg_bits = 0;
    std::uint32_t locals_offset[3] = {0, 0, 0}; // per ContextKind
};

struct Program {
    std::shared_ptr<const lang::SourceManager> sources; // for traces and diagnostics
    std::string variant;                                // selected variant ("" if none)
    MemoryModel memory = MemoryModel::SC;               // the layout below depends on it
    std::vector<std::string> variants;
    std::vector<std::pair<std::string, std::int64_t>> params;
    std::uint32_t cpus = 1;

    std::vector<Type> types;
    std::vector<Variable> variables;
    std::vector<Local> locals;
    std::vector<std::uint32_t> locations_value_bits; // per memory location
    std::uint32_t location_count = 0;
    std::vector<std::uint32_t> location_variable; // location id -> variable id

    std::vector<ExprNode> exprs;
    std::vector<Instr> code;
    std::vector<std::uint32_t> fork_targets;
    std::vector<std::uint32_t> zero_lists;
    std::vector<std::string> functions;                      // names, for traces
    std::vector<std::pair<std::string, TypeId>> bound_names; // quantified variables, for traces
    std::vector<CountedLoop> counted_loops; // every for/for_each_cpu loop emitted, in pc order

    std::uint32_t process_entry = 0;
    std::vector<Handler> irq_handlers;
    std::vector<Handler> hardware_actions;
    std::vector<Invariant> invariants;
    std::vector<Invariant> statistics;                 // reported, never violated
    std::vector<std::pair<std::string, Span>> asserts; // message and place, per assert site
    // Every property a run can report, in one id space (checker::PropertyId;
    // a deadlock is checker::kNoProperty): the invariants, then one per
    // assert site, then the built-in run-time checks. index_properties()
    // fills it once the lowering is done.
    std::vector<Property> properties;

    CpuLayout cpu;
    std::uint32_t state_bits = 0;
    std::vector<std::byte> initial_state;

    [[nodiscard]] std::uint32_t state_bytes() const { return (state_bits + 63) / 64 * 8; }

    // The property ids of invariant i, of assert site i, of a run-time check.
    [[nodiscard]] std::uint32_t invariant_property(std::uint32_t i) const { return i; }
    [[nodiscard]] std::uint32_t assert_property(std::uint32_t site) const {
        return static_cast<std::uint32_t>(invariants.size()) + site;
    }
    [[nodiscard]] std::uint32_t check_property(BuiltinCheck check) const {
        return static_cast<std::uint32_t>(invariants.size() + asserts.size()) +
               static_cast<std::uint32_t>(check);
    }
    // Builds `properties` from the invariants and assert sites.
    void index_properties();
};

std::string builtin_check_name(BuiltinCheck check);

} // namespace shootdown::ir
