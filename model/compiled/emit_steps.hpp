// C++ for the instructions of a lowered Program: each pc becomes a labelled
// block of the chunk function holding it (compiled/emit_module.cpp), which
// does what Interpreter::run and Interpreter::execute
// (machine/interpreter_run.hpp, interpreter_exec.hpp) do at that pc with
// the NullRecorder — the same checks in the same order, the same writes,
// the same successors pushed for a fork or a choice — with the operands,
// offsets and widths as constants. Control within the chunk is a goto;
// leaving it returns Next::Continue with the new pc.
#pragma once

#include <cstdint>
#include <string>

#include "model/compiled/emit_expr.hpp"
#include "model/compiled/writer.hpp"
#include "model/machine/tables.hpp"

namespace shootdown::compiled {

class StepEmitter {
public:
    StepEmitter(const machine::Tables& tables, Writer& out, std::uint32_t chunk_begin,
                std::uint32_t chunk_end)
        : t_(tables), p_(tables.program), w_(out), expr_(tables, out), begin_(chunk_begin),
          end_(chunk_end) {}

    // The block for `pc`: the step bookkeeping, then the instruction.
    void instruction(std::uint32_t pc);
    // The body of guard_fails() for `pc`, if the instruction there (or
    // after an AtomicBegin there) is an await.
    bool guard(std::uint32_t pc);

private:
    void prologue(std::uint32_t pc);
    void body(const ir::Instr& in, std::uint32_t pc);
    void assign(const ir::Instr& in, std::uint32_t pc);
    void test(const ir::Instr& in, std::uint32_t pc);
    void fork(const ir::Instr& in, std::uint32_t pc);
    void choose(const ir::Instr& in, std::uint32_t pc);
    void rmw(const ir::Instr& in, std::uint32_t pc);
    void ipi_send(const ir::Instr& in, std::uint32_t pc);
    void ipi_wait(const ir::Instr& in, std::uint32_t pc);
    void set_irqs(const ir::Instr& in, std::uint32_t pc);
    void iret();
    void settle();
    void write(ir::ExprId target, const std::string& value);
    void write_global(ir::ExprId target, const std::string& value);
    void local_put(std::uint32_t local, const std::string& value, const char* state);
    void zero_locals(std::uint32_t first, std::uint32_t count);
    // The instruction at `pc` is done and the step goes on at `next`.
    void proceed(const ir::Instr& in, std::uint32_t pc, std::uint32_t next, bool tail);
    void go(std::uint32_t from, std::uint32_t next, bool tail);

    const machine::Tables& t_;
    const ir::Program& p_;
    Writer& w_;
    ExprEmitter expr_;
    std::uint32_t begin_, end_;
};

} // namespace shootdown::compiled
