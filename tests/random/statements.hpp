// Writes statements for the process, handlers and hardware actions of a
// generated model. A budget counts the memory accesses a block may make, so
// that the state space stays small; loops are bounded or exit by choice.
#pragma once

#include "tests/random/code.hpp"
#include "tests/random/expressions.hpp"

namespace shootdown::random_models {

class Statements {
public:
    Statements(Dice& dice, Model& model, Expressions& expressions)
        : dice_(dice), model_(model), expressions_(expressions) {}

    // Statements that make about `budget` accesses; locals end with the block.
    void block(Code& code, Scope& scope, int budget);
    // An IPI send to one of the model's handlers (false if it has none).
    bool send_ipi(Code& code, Scope& scope);
    // Counter increments still allowed in straight-line process code.
    int counter_increments = 0;

private:
    int statement(Code& code, Scope& scope, int budget);
    int try_statement(int shape, Code& code, Scope& scope, int budget);
    bool write_global(Code& code, Scope& scope);
    bool declare_local(Code& code, Scope& scope);
    bool assign_local(Code& code, Scope& scope);
    int branch(Code& code, Scope& scope, int budget);
    int either(Code& code, Scope& scope, int budget);
    int choose(Code& code, Scope& scope, int budget);
    int atomic(Code& code, Scope& scope);
    int loop(Code& code, Scope& scope, int budget);
    bool locked_update(Code& code, Scope& scope);
    bool increment_counter(Code& code, Scope& scope);
    int irqs_off(Code& code, Scope& scope, int budget);
    void check(Code& code, Scope& scope);
    bool leave(Code& code, Scope& scope);
    int call(Code& code, Scope& scope);
    int for_loop(Code& code, Scope& scope);
    bool for_each(Code& code, Scope& scope);
    void sub_block(Code& code, Scope& scope, int budget);
    std::string fresh(const char* prefix) { return prefix + std::to_string(names_++); }
    const Variable* pick_variable(bool (*wanted)(const Variable&, const Scope&), const Scope& s);

    Dice& dice_;
    Model& model_;
    Expressions& expressions_;
    int names_ = 0;
    int asserts_ = 0;
    bool irqs_disabled_ = false;
    // In an atomic block: has it stored to shared memory yet?
    bool in_atomic_block_ = false, stored_in_block_ = false;
    void note_store();
    void note_drain();
};

} // namespace shootdown::random_models
