// C++ for one expression of a lowered Program, as the compiled steps
// evaluate it: statements appended to a Writer that leave the value in a
// named temporary. The code does what the interpreter's evaluator
// (machine/interpreter_eval.hpp with the NullRecorder) does, in the same
// order — operands left to right, && || ?: and the quantifiers short-
// circuit, a run-time error sets env.error and yields 0 and evaluation goes
// on — so that the same run-time error is reported.
#pragma once

#include <cstdint>
#include <string>

#include "model/compiled/writer.hpp"
#include "model/machine/tables.hpp"

namespace shootdown::compiled {

// Where a global element is: statements computing `element` (a C++
// expression of type std::uint32_t) and `ok` (false after an index out of
// range, which has set env.error).
struct ElementCode {
    std::string element = "0u";
    std::string ok = "true";
};

class ExprEmitter {
public:
    ExprEmitter(const machine::Tables& tables, Writer& out)
        : t_(tables), p_(tables.program), w_(out) {}

    // Appends the statements that evaluate `id`; returns the temporary
    // (or literal) that holds the value, an std::int64_t.
    std::string value(ir::ExprId id);
    // Appends the statements that locate the element global node `id` names.
    ElementCode element(ir::ExprId id);
    // The bit offset of that element as a C++ expression.
    std::string element_offset(ir::ExprId id, const ElementCode& e) const;
    // A fresh temporary name.
    std::string fresh(const char* prefix);

private:
    std::string pure(const ir::ExprNode& n);
    std::string checked(const ir::ExprNode& n);
    std::string short_circuit(const ir::ExprNode& n);
    std::string quantifier(const ir::ExprNode& n);
    std::string read_global(ir::ExprId id);
    void general_element(const ir::ExprNode& n, std::uint32_t dim, const std::string& element,
                         const std::string& ok);

    const machine::Tables& t_;
    const ir::Program& p_;
    Writer& w_;
    std::uint32_t next_ = 0;
};

// An int64 literal that is valid C++ for every value (INT64_MIN included).
std::string literal(std::int64_t v);

} // namespace shootdown::compiled
