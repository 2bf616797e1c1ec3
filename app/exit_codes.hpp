// The verdict is in the exit code, so scripts and CI can use it.
#pragma once

namespace shootdown::app {

enum ExitCode : int {
    kNoViolation = 0,
    kViolation = 1,
    kBadInput = 2,       // malformed model, litmus file, option or trace file
    kIncomplete = 3,     // a limit ended the run; what was explored is reported
    kInternalError = 70, // a bug in shootdown, never the user's fault
};

} // namespace shootdown::app
