#include "model/reduce/por_footprints.hpp"

#include "model/ir/analysis/cfg.hpp"
#include "model/ir/analysis/operands.hpp"
#include "model/ir/memory_models.hpp"
#include "model/ir/registry.hpp"
#include "model/machine/code_facts.hpp"

namespace shootdown::reduce {

namespace {

using ir::InstrKind;

} // namespace

PorFootprints::PorFootprints(const ir::Program& program)
    : p_(program), footprints_(ir::analysis::footprints(program)),
      facts_(machine::analyse_code(program)), cpus_(program.cpus),
      code_size_(static_cast<std::uint32_t>(program.code.size())),
      actions_(static_cast<std::uint32_t>(program.hardware_actions.size())) {
    number_objects();
    if (!usable_) return;
    std::vector<std::uint32_t> hw_entries;
    for (const ir::Handler& h : p_.hardware_actions)
        hw_entries.push_back(h.entry);
    hardware_code_ = ir::analysis::reachable_from(p_, hw_entries);
    const bool buffers = ir::info(p_.memory).buffers_stores;
    steps_.resize(static_cast<std::size_t>(cpus_) * code_size_);
    futures_.resize(steps_.size());
    future_drains_.resize(steps_.size(), false);
    for (std::uint32_t cpu = 0; cpu < cpus_ && usable_; ++cpu) {
        std::vector<Instruction> code;
        code.reserve(code_size_);
        for (std::uint32_t pc = 0; pc < code_size_; ++pc)
            code.push_back(instruction(pc, cpu, buffers && !hardware_code_[pc]));
        // Steps start only where one ended (kEndsStep) or at the process's
        // entry; no other pc is ever asked for.
        WalkScratch scratch;
        for (std::uint32_t pc = 0; pc < code_size_; ++pc)
            if (facts_.has(pc, machine::CodeFacts::kEndsStep) || pc == p_.process_entry)
                steps_[cpu * code_size_ + pc] = walk_step(cpu, pc, code, scratch);
        compute_futures(cpu, code);
        Access handlers{};
        bool drains = false;
        for (const ir::Handler& h : p_.irq_handlers)
            handlers |= reachable_union(cpu, h.entry, code, &drains);
        handlers_drain_.push_back(drains);
        handlers.reads.add(irq_state(cpu));
        handlers.writes.add(irq_state(cpu));
        handlers_.push_back(handlers);
        for (const ir::Handler& h : p_.hardware_actions)
            hardware_.push_back(reachable_union(cpu, h.entry, code));
    }
    compute_visible();
}

void PorFootprints::number_objects() {
    std::uint32_t next = 0;
    for (const ir::Variable& v : p_.variables) {
        variable_base_.push_back(next);
        next += v.element_count;
    }
    pending_base_ = next;
    next += cpus_ * cpus_;
    irq_base_ = next;
    next += cpus_;
    assertions_ = next++;
    objects_ = next;
    usable_ = objects_ <= kMaxObjects;
}

std::uint32_t PorFootprints::location_object(std::uint32_t location) const {
    const std::uint32_t v = p_.location_variable[location];
    return element(v, location - p_.variables[v].first_location);
}

std::string PorFootprints::object_name(std::uint32_t object) const {
    if (object == assertions_) return "assertions";
    if (object >= irq_base_) return "irqs(" + std::to_string(object - irq_base_) + ")";
    if (object >= pending_base_) {
        const std::uint32_t i = object - pending_base_;
        return "pending(" + std::to_string(i / cpus_) + "<-" + std::to_string(i % cpus_) + ")";
    }
    std::uint32_t v = 0;
    while (v + 1 < variable_base_.size() && variable_base_[v + 1] <= object)
        ++v;
    const std::string& name = p_.variables[v].name;
    if (p_.variables[v].element_count == 1) return name;
    return name + "[" + std::to_string(object - variable_base_[v]) + "]";
}

Access PorFootprints::take(std::uint32_t cpu, std::uint32_t sender) const {
    Access a{};
    a.reads.add(pending(cpu, sender));
    a.reads.add(irq_state(cpu));
    a.writes.add(irq_state(cpu));
    return a;
}

void PorFootprints::add_expression_reads(ir::ExprId e, std::uint32_t cpu, Access& a) const {
    ir::analysis::for_each_node(p_, e, [&](const ir::ExprNode& n) {
        if (n.op == ir::Op::IrqsDisabled || n.op == ir::Op::InIrq) a.reads.add(irq_state(cpu));
    });
}

// What an instruction kind does besides reading and writing its operands.
void PorFootprints::add_kind_effects(const ir::Instr& in, std::uint32_t cpu, bool waits,
                                     Instruction& out) const {
    switch (in.kind) {
    case InstrKind::Await:
        break;
    case InstrKind::Fence:
    case InstrKind::SyncCore:
    case InstrKind::Rmw:
        out.settles = waits;
        break;
    case InstrKind::IpiSend:
        out.settles = waits;
        for (std::uint32_t t = 0; t < cpus_; ++t) {
            out.now.reads.add(pending(t, cpu));
            out.now.writes.add(pending(t, cpu));
        }
        break;
    case InstrKind::IpiWait:
        for (std::uint32_t t = 0; t < cpus_; ++t)
            out.now.reads.add(pending(t, cpu));
        break;
    case InstrKind::IrqDisable:
    case InstrKind::IrqEnable:
    case InstrKind::IrqRestore:
        out.now.reads.add(irq_state(cpu));
        out.now.writes.add(irq_state(cpu));
        break;
    case InstrKind::Iret:
        out.settles = waits;
        out.now.reads.add(irq_state(cpu));
        out.now.writes.add(irq_state(cpu));
        for (std::uint32_t s = 0; s < cpus_; ++s)
            out.now.writes.add(pending(cpu, s));
        break;
    case InstrKind::Assert:
        out.now.writes.add(assertions_);
        break;
    case InstrKind::Assign:
    case InstrKind::Jump:
    case InstrKind::Branch:
    case InstrKind::Filter:
    case InstrKind::Fork:
    case InstrKind::Choose:
    case InstrKind::AtomicBegin:
    case InstrKind::AtomicEnd:
    case InstrKind::Halt:
    case InstrKind::HardwareEnd:
    case InstrKind::ZeroLocals:
        break;
    }
}

// One instruction's footprint on `cpu`. A store that goes to the store
// buffer touches only the CPU's own buffer now; its element is written when
// it drains (the drain step, or a settling instruction in an atomic block).
PorFootprints::Instruction PorFootprints::instruction(std::uint32_t pc, std::uint32_t cpu,
                                                      bool buffered) const {
    const ir::Instr& in = p_.code[pc];
    Instruction out{};
    const bool waits = ir::info(p_.memory).buffers_stores;
    for (const ir::analysis::VariableAccess& a : footprints_[pc].accesses) {
        const ir::Variable& v = p_.variables[a.variable];
        const bool to_buffer =
            a.write && buffered && in.kind == InstrKind::Assign && v.storage == ir::Storage::Shared;
        if (a.write && v.serializing) out.settles = waits;
        for (std::uint32_t e = 0; e < v.element_count; ++e) {
            if (!ir::analysis::covers(p_, a, e, cpu)) continue;
            const std::uint32_t object = element(a.variable, e);
            if (!a.write)
                out.now.reads.add(object);
            else if (to_buffer)
                out.eventual.writes.add(object);
            else
                out.now.writes.add(object);
        }
        out.buffers = out.buffers || to_buffer;
    }
    ir::analysis::for_each_read_expression(
        p_, in, [&](ir::ExprId e) { add_expression_reads(e, cpu, out.now); });
    add_kind_effects(in, cpu, waits, out);
    out.eventual |= out.now;
    return out;
}

} // namespace shootdown::reduce
