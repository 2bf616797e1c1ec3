#include "model/compiled/emit_module.hpp"

#include <xxhash.h>

#include "model/compiled/abi.hpp"
#include "model/compiled/emit_steps.hpp"
#include "model/ir/memory_models.hpp"
#include "model/machine/interpreter_exec.hpp"

namespace shootdown::compiled {

namespace {

// pcs per chunk function: small enough for the compiler's per-function
// passes, large enough that most steps stay in one chunk.
constexpr std::uint32_t kChunkPcs = 128;

// Code for each CPU separately up to this many (pcs x CPUs): beyond it the
// compile time grows faster than the search time shrinks
// (docs/performance.md).
constexpr std::size_t kPerCpuLimit = 4000;

std::string field(const ir::Field& f) {
    return fmt::format("F{{{}u, {}, {}}}", f.offset, f.width, literal(f.lo));
}

void layout_constants(const machine::Tables& t, Writer& w) {
    const ir::Program& p = t.program;
    const ir::CpuLayout& c = p.cpu;
    w.line("inline constexpr std::size_t kStateBytes = {};", p.state_bytes());
    w.line("inline constexpr std::uint32_t kCpus = {};", p.cpus);
    w.line("inline constexpr bool kHasIrqs = {};", !p.irq_handlers.empty());
    w.line("inline constexpr bool kTso = {};", ir::info(p.memory).buffers_stores);
    w.line("inline constexpr std::uint32_t kBlockOffset = {}, kBlockBits = {};", c.block_offset,
           c.block_bits);
    w.line("inline constexpr F kMainPc = {}, kIrqPc = {}, kIrqActive = {};", field(c.main_pc),
           field(c.irq_pc), field(c.irq_active));
    w.line("inline constexpr F kIrqSender = {}, kIrqsOff = {}, kSbCount = {};", field(c.irq_sender),
           field(c.irqs_off), field(c.sb_count));
    w.line("inline constexpr std::uint32_t kSbEntries = {}, kSbCapacity = {};", c.sb_entries,
           c.sb_capacity);
    w.line("inline constexpr std::uint8_t kSbLocationBits = {}, kSbValueBits = {};",
           c.sb_location_bits, c.sb_value_bits);
    w.line("inline constexpr std::uint32_t kSbStride = {};", c.sb_location_bits + c.sb_value_bits);
    w.line("inline constexpr std::uint32_t kPendingOffset = {}, kPendingStride = {};",
           c.pending_offset, c.pending_handler_bits + c.pending_arg_bits);
    w.line("inline constexpr std::uint8_t kPendingHandlerBits = {}, kPendingArgBits = {};",
           c.pending_handler_bits, c.pending_arg_bits);
    w.open("inline constexpr F kLocations[] = {{");
    for (std::uint32_t l = 0; l < p.location_count; ++l)
        w.line("{},", field(t.layout.location(l)));
    if (p.location_count == 0) w.line("F{{0u, 0, 0}},");
    w.close("};");
}

void code_constants(const machine::Tables& t, Writer& w) {
    const ir::Program& p = t.program;
    w.open("inline constexpr HandlerInfo kHandlers[] = {{");
    for (const ir::Handler& h : p.irq_handlers) {
        ir::Field f{};
        std::int64_t lo = 0;
        if (h.param_local != ir::kNone) {
            f = t.layout.local(h.param_local, 0);
            f.offset -= t.layout.cpu_base(0);
            lo = p.types[h.param_type].lo;
        }
        w.line("HandlerInfo{{{}u, {}, {}, {}}},", h.entry, h.param_local != ir::kNone, field(f),
               literal(lo));
    }
    if (p.irq_handlers.empty()) w.line("HandlerInfo{{0u, false, F{{0u, 0, 0}}, 0}},");
    w.close("};");
    w.open("inline constexpr std::uint32_t kHardwareEntries[] = {{");
    for (const ir::Handler& h : p.hardware_actions)
        w.line("{}u,", h.entry);
    if (p.hardware_actions.empty()) w.line("0u,");
    w.close("};");
    w.line("inline constexpr std::uint32_t kHardwareCount = {};", p.hardware_actions.size());
    std::string halt;
    for (const ir::Instr& in : p.code)
        halt += in.kind == ir::InstrKind::Halt ? "1," : "0,";
    w.line("inline constexpr std::uint8_t kHalt[] = {{{}}};", halt);
    w.line("inline constexpr std::uint32_t kCheckBase = {}u;",
           p.check_property(static_cast<ir::BuiltinCheck>(0)));
    w.line("inline constexpr std::uint32_t kMaxStepInstructions = {}, kMaxForks = {};",
           machine::detail::kMaxStepInstructions, machine::detail::kMaxForks);
    using ir::BuiltinCheck;
    w.line("inline constexpr std::uint32_t kNoError = {}, kValueOutOfRange = {}, "
           "kIndexOutOfRange = {}, kDivisionByZero = {}, kStepTooLong = {};",
           static_cast<std::uint32_t>(BuiltinCheck::Count),
           static_cast<std::uint32_t>(BuiltinCheck::ValueOutOfRange),
           static_cast<std::uint32_t>(BuiltinCheck::IndexOutOfRange),
           static_cast<std::uint32_t>(BuiltinCheck::DivisionByZero),
           static_cast<std::uint32_t>(BuiltinCheck::StepTooLong));
    w.line("inline constexpr std::uint32_t kChunkPcs = {};", kChunkPcs);
    bool repeats = false; // RunState copies are cheaper without choice slots no run uses
    for (const std::uint8_t f : t.facts.flags)
        repeats = repeats || (f & machine::CodeFacts::kRepeatableChoice) != 0;
    w.line("inline constexpr std::uint32_t kChoiceSlots = {};", repeats ? 8 : 1);
}

std::string chunk_declarations(std::uint32_t chunks) {
    std::string out = "namespace sd {\n";
    for (std::uint32_t k = 0; k < chunks; ++k)
        out += fmt::format("template <std::uint32_t CPU>\n"
                           "Next chunk_{}(Ctx& c, Env& env, RunState& rs, std::uint32_t& pc);\n",
                           k);
    return out + "} // namespace sd\n";
}

// The running CPU and its block's offset: constants in a copy of the code
// per CPU (kPerCpu), so that every field access folds to one shift and
// mask; run-time values in the one copy for a big model.
void cpu_names(Writer& w) {
    w.line("const std::uint32_t CPU_ = kPerCpu ? CPU : env.cpu;");
    w.line("const std::uint32_t BASE_ = kPerCpu ? cpu_base(CPU) : env.cpu_base;");
    w.line("(void)CPU_;");
    w.line("(void)BASE_;");
}

void chunk(const machine::Tables& t, std::uint32_t k, std::uint32_t copies, Writer& w) {
    const std::uint32_t begin = k * kChunkPcs;
    const auto end = std::min<std::uint32_t>(begin + kChunkPcs,
                                             static_cast<std::uint32_t>(t.program.code.size()));
    w.line("template <std::uint32_t CPU>");
    w.open("Next chunk_{}(Ctx& c, Env& env, RunState& rs, std::uint32_t& pc) {{", k);
    cpu_names(w);
    w.open("switch (pc) {{");
    StepEmitter steps(t, w, begin, end);
    for (std::uint32_t pc = begin; pc < end; ++pc)
        steps.instruction(pc);
    w.close();
    w.line("return Next::Failed; // not reached: the chunk has a case for each of its pcs");
    w.close();
    for (std::uint32_t cpu = 0; cpu < copies; ++cpu)
        w.line("template Next chunk_{}<{}>(Ctx&, Env&, RunState&, std::uint32_t&);", k, cpu);
}

// Unit 0's model-wide functions: run(), guard_fails() and the invariants.
void entry_functions(const machine::Tables& t, std::uint32_t chunks, std::uint32_t copies,
                     Writer& w) {
    w.line("using Chunk = Next (*)(Ctx&, Env&, RunState&, std::uint32_t&);");
    w.open("static const Chunk kChunks[{}][{}] = {{", copies, chunks);
    for (std::uint32_t cpu = 0; cpu < copies; ++cpu) {
        std::string row;
        for (std::uint32_t k = 0; k < chunks; ++k)
            row += fmt::format("chunk_{}<{}>, ", k, cpu);
        w.line("{{{}}},", row);
    }
    w.close("};");
    w.open("void run(Ctx& c, std::size_t slot, RunState rs, std::uint32_t pc) {{");
    w.line("Env env = context_env(rs.cpu, rs.context);");
    w.line("env.slot = slot;");
    w.line("env.state = slot_state(c, slot);");
    w.line("Next r;");
    w.line("const Chunk* chunks = kChunks[kPerCpu ? rs.cpu : 0];");
    w.line("do r = chunks[pc / kChunkPcs](c, env, rs, pc); while (r == Next::Continue);");
    w.line("finish(c, slot, rs, env, r);");
    w.close();
    w.line("template <std::uint32_t CPU>");
    w.open("static bool guard_cpu(std::uint32_t pc, const RunState& rs, Env& env) {{");
    cpu_names(w);
    w.line("(void)rs;");
    w.open("switch (pc) {{");
    StepEmitter guards(t, w, 0, 0);
    for (std::uint32_t pc = 0; pc < t.program.code.size(); ++pc)
        guards.guard(pc);
    w.close();
    w.line("return false;");
    w.close();
    w.line("using Guard = bool (*)(std::uint32_t, const RunState&, Env&);");
    std::string guards_row;
    for (std::uint32_t cpu = 0; cpu < copies; ++cpu)
        guards_row += fmt::format("guard_cpu<{}>, ", cpu);
    w.line("static const Guard kGuards[] = {{{}}};", guards_row);
    w.open("bool guard_fails(std::uint32_t pc, const RunState& rs, Env& env) {{");
    w.line("return kGuards[kPerCpu ? env.cpu : 0](pc, rs, env);");
    w.close();
}

void check_state(const machine::Tables& t, Writer& w) {
    const ir::Program& p = t.program;
    w.open("static std::uint32_t check_state(const std::byte* state, std::int64_t* values, "
           "std::uint32_t* recorded) {{");
    w.line("Env env{{}};"); // Interpreter::check_state's: CPU 0, block offset 0, memory only
    w.line("env.state = const_cast<std::byte*>(state); // invariants only read");
    w.line("env.error = kNoError;");
    w.line("*recorded = 0;");
    w.line("(void)values;");
    w.line("const std::uint32_t CPU_ = 0, BASE_ = 0; // as Env{{}}");
    w.line("(void)CPU_;");
    w.line("(void)BASE_;");
    ExprEmitter expr(t, w);
    w.open("do {{");
    for (std::size_t i = 0; i < p.statistics.size(); ++i) {
        w.open("{{");
        const std::string v = expr.value(p.statistics[i].expr);
        w.line("if (env.error != kNoError) break;");
        w.line("values[{}] = {};", i, v);
        w.line("*recorded = {};", i + 1);
        w.close();
    }
    w.close("} while (false);");
    for (std::uint32_t i = 0; i < p.invariants.size(); ++i) {
        w.open("{{");
        const std::string v = expr.value(p.invariants[i].expr);
        w.line("if (env.error != kNoError) return kCheckBase + env.error;");
        w.line("if ({} == 0) return {}u;", v, p.invariant_property(i));
        w.close();
    }
    w.line("return sd_no_property;");
    w.close();
}

std::string module_definition(const std::string& fingerprint) {
    Writer w;
    w.line("namespace sd {{");
    w.open("static void successors(const std::byte* state, sd_successors* out, const sd_host* "
           "host) {{");
    w.line("Ctx c{{out, host}};");
    w.line("generate(c, state);");
    w.close();
    w.line("static const sd_module kModule = {{sd_abi_version, kStateBytes, \"{}\", &successors, "
           "&check_state}};",
           fingerprint);
    w.line("}} // namespace sd");
    w.line("extern \"C\" __attribute__((visibility(\"default\"))) const sd_module* {}() {{ return "
           "&sd::kModule; }}",
           sd_entry_name);
    return w.take();
}

} // namespace

bool supports(ir::MemoryModel model) {
    switch (model) {
    case ir::MemoryModel::SC:
    case ir::MemoryModel::TSO:
        return true; // runtime.inc mirrors memory/sc.hpp and memory/tso.hpp
    }
    return false;
}

bool specialise_per_cpu(const ir::Program& p) {
    return p.code.size() * p.cpus <= kPerCpuLimit;
}

GeneratedSource generate_source(const machine::Tables& t, unsigned units) {
    const bool per_cpu = specialise_per_cpu(t.program);
    const std::uint32_t copies = per_cpu ? t.program.cpus : 1;
    GeneratedSource src;
    Writer constants;
    constants.line("// Generated by shootdown: the constants of one model's compiled steps.");
    constants.line("namespace sd {{");
    layout_constants(t, constants);
    code_constants(t, constants);
    constants.line("inline constexpr bool kPerCpu = {};", per_cpu);
    constants.line("}} // namespace sd");
    src.constants = constants.take();

    const auto pcs = static_cast<std::uint32_t>(t.program.code.size());
    const std::uint32_t chunks = (pcs + kChunkPcs - 1) / kChunkPcs;
    units = std::max(1u, std::min<unsigned>(units, chunks));
    const std::string head = "// Generated by shootdown.\n#include \"runtime.inc\"\n" +
                             chunk_declarations(chunks) + "namespace sd {\n";
    for (unsigned u = 0; u < units; ++u) {
        Writer w;
        for (std::uint32_t k = u * chunks / units; k < (u + 1) * chunks / units; ++k)
            chunk(t, k, copies, w);
        if (u == 0) {
            entry_functions(t, chunks, copies, w);
            check_state(t, w);
        }
        src.units.push_back(head + w.take() + "} // namespace sd\n");
    }
    XXH3_state_t* h = XXH3_createState();
    XXH3_64bits_reset(h);
    XXH3_64bits_update(h, &sd_abi_version, sizeof sd_abi_version);
    XXH3_64bits_update(h, src.constants.data(), src.constants.size());
    for (const std::string& u : src.units)
        XXH3_64bits_update(h, u.data(), u.size());
    src.fingerprint = fmt::format("{:016x}", XXH3_64bits_digest(h));
    XXH3_freeState(h);
    src.units[0] += module_definition(src.fingerprint);
    return src;
}

} // namespace shootdown::compiled
