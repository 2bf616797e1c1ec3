#include "model/ir/builtins.hpp"

namespace shootdown::ir {

// x86-TSO: loads are not reordered with loads, stores not with stores, and a
// locked instruction (every RMW, and so spin_lock()) is a full fence, so only
// a full barrier needs an instruction. This decision moves into the TSO
// memory-model policy (with arm64's beside it) when the policy is a choice
// of the run rather than of the lowering.
bool x86_emits_fence(Ordering o) {
    switch (o) {
    case Ordering::Full:
    case Ordering::CoreSerializing:
        return true;
    case Ordering::None:
    case Ordering::Compiler:
    case Ordering::ReadBarrier:
    case Ordering::WriteBarrier:
    case Ordering::Acquire:
    case Ordering::Release:
    case Ordering::BeforeAtomic:
    case Ordering::AfterAtomic:
    case Ordering::AfterSpinlock:
    case Ordering::AfterUnlockLock:
        return false;
    }
    return true;
}

} // namespace shootdown::ir
