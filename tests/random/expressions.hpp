// Writes well-typed, side-effect-free expressions over a generated model's
// variables. Every integer value is brought into its target range, and in a
// symmetric model no constant of the scalarset or CPU type is ever written.
#pragma once

#include <optional>
#include <string>

#include "tests/random/dice.hpp"
#include "tests/random/vocabulary.hpp"

namespace shootdown::random_models {

std::string type_name(const Type& type);

class Expressions {
public:
    Expressions(Dice& dice, const Model& model) : dice_(dice), model_(model) {}

    std::string boolean(Scope& scope, int depth);
    // An expression of `type` whose value is always in range, or nothing if
    // none can be written here (a symmetric model with no scalarset or CPU
    // value in scope).
    std::optional<std::string> value(const Type& type, Scope& scope, int depth);
    // The variable, with indexes, as a location or a read; nothing if an
    // index cannot be written here.
    std::optional<std::string> reference(const Variable& variable, Scope& scope);
    // Any non-negative integer.
    std::string integer(Scope& scope);
    // A constant of `type`; nothing for the scalarset and CPU types of a
    // symmetric model.
    std::optional<std::string> literal(const Type& type);

private:
    std::vector<std::string> readings(const Type& type, Scope& scope, bool narrower_ints);
    std::optional<std::string> cpu_value(Scope& scope);
    std::optional<std::string> index_value(const Type& type, Scope& scope);
    std::string comparison(Scope& scope);
    std::string equality(Scope& scope);
    std::string quantifier(Scope& scope, int depth);

    Dice& dice_;
    const Model& model_;
    int binders_ = 0;
};

} // namespace shootdown::random_models
