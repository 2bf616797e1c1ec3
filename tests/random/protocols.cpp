#include "tests/random/protocols.hpp"

namespace shootdown::random_models {

namespace {

const char* kMutualExclusion =
    "invariant mutual_exclusion: forall c: cpu. forall d: cpu. c == d || !(in_cs[c] && in_cs[d]);";

// Acquire sequences for a test-and-set lock; the last two are racy.
void acquire(Dice& dice, Code& code) {
    switch (dice.below(5)) {
    case 0:
        code.line("bool held = cmpxchg(&lock, false, true);");
        code.open("while (held)");
        code.line("held = cmpxchg(&lock, false, true);");
        code.close();
        return;
    case 1:
        code.line("atomic { await !lock; lock = true; }");
        return;
    case 2:
        code.line("bool held = xchg(&lock, true);");
        code.open("while (held)");
        code.line("cpu_relax();");
        code.line("held = xchg(&lock, true);");
        code.close();
        return;
    case 3:
        code.line("await !lock;"); // racy: another CPU may take it now
        code.line("WRITE_ONCE(lock, true);");
        return;
    default:
        code.line("bool busy = READ_ONCE(lock);"); // racy in the same way
        code.open("while (busy)");
        code.line("busy = READ_ONCE(lock);");
        code.close();
        code.line("WRITE_ONCE(lock, true);");
        return;
    }
}

void lock(Dice& dice, Code& code, const std::function<void(Code&)>& critical) {
    acquire(dice, code);
    code.line("in_cs = true;");
    critical(code);
    code.line("in_cs = false;");
    code.line(dice.chance(50) ? "smp_store_release(&lock, false);" : "WRITE_ONCE(lock, false);");
}

void store_buffering(Dice& dice, Code& code, const std::function<void(Code&)>& critical) {
    code.line("WRITE_ONCE(want, true);");
    if (dice.chance(50)) code.line("smp_mb();"); // without it, TSO lets both enter
    code.line("bool alone;");
    code.line("atomic { alone = forall c: cpu. c == this_cpu || !want[c]; }");
    code.open("if (alone)");
    code.line("in_cs = true;");
    critical(code);
    code.line("in_cs = false;");
    code.close();
    code.line("WRITE_ONCE(want, false);");
}

void message_passing(Dice& dice, Code& code) {
    if (dice.chance(70)) {
        code.line("WRITE_ONCE(data, 1);");
        code.line("WRITE_ONCE(ready, true);");
    } else {
        code.line("WRITE_ONCE(ready, true);");
        code.line("WRITE_ONCE(data, 1);"); // too late: a reader may see ready first
    }
    code.open("choose peer in cpu where peer != this_cpu");
    code.open("if (READ_ONCE(ready[peer]))");
    code.line("n1 seen = READ_ONCE(data[peer]);");
    code.line("assert seen == 1, \"message passed\";");
    code.close();
    code.close();
}

} // namespace

Protocol pick_protocol(Dice& dice) {
    switch (dice.below(8)) {
    case 0:
    case 1:
        return Protocol::Lock;
    case 2:
    case 3:
        return Protocol::StoreBuffering;
    case 4:
        return Protocol::MessagePassing;
    default:
        return Protocol::None;
    }
}

void declare_protocol(Protocol protocol, Code& declarations) {
    switch (protocol) {
    case Protocol::None:
        return;
    case Protocol::Lock:
        declarations.line("shared bool lock;");
        declarations.line("ghost per_cpu bool in_cs;");
        declarations.line(kMutualExclusion);
        return;
    case Protocol::StoreBuffering:
        declarations.line("shared per_cpu bool want;");
        declarations.line("ghost per_cpu bool in_cs;");
        declarations.line(kMutualExclusion);
        return;
    case Protocol::MessagePassing:
        declarations.line("shared per_cpu n1 data;");
        declarations.line("shared per_cpu bool ready;");
        return;
    }
}

void write_protocol(Protocol protocol, Dice& dice, Code& code,
                    const std::function<void(Code&)>& critical) {
    switch (protocol) {
    case Protocol::None:
        return;
    case Protocol::Lock:
        lock(dice, code, critical);
        return;
    case Protocol::StoreBuffering:
        store_buffering(dice, code, critical);
        return;
    case Protocol::MessagePassing:
        message_passing(dice, code);
        return;
    }
}

} // namespace shootdown::random_models
