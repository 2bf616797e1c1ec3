// Small protocols with a known property, mixed into random models so that
// some violations lie deep in the state space rather than in its first
// states: a spinlock (some acquire sequences racy), store buffering (a
// Dekker-style entry that needs smp_mb() under TSO), and message passing
// (correct or with its two stores swapped).
#pragma once

#include <functional>

#include "tests/random/code.hpp"
#include "tests/random/dice.hpp"

namespace shootdown::random_models {

enum class Protocol { None, Lock, StoreBuffering, MessagePassing };

Protocol pick_protocol(Dice& dice);

// Writes the protocol's variables and invariant.
void declare_protocol(Protocol protocol, Code& declarations);

// Writes the protocol's code into the process; `critical` writes the code
// run under the protocol's protection, if it has any.
void write_protocol(Protocol protocol, Dice& dice, Code& code,
                    const std::function<void(Code&)>& critical);

} // namespace shootdown::random_models
