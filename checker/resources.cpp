#include "checker/resources.hpp"

#include <fstream>
#include <string>

#include <sys/resource.h>
#include <unistd.h>

namespace shootdown::checker {

namespace {

// cgroup v2 writes "max" for no limit; v1 a huge number.
std::uint64_t cgroup_limit_bytes() {
    for (const char* path :
         {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        std::ifstream in(path);
        std::string text;
        if (!(in >> text) || text == "max") continue;
        try {
            return std::stoull(text);
        } catch (const std::exception&) {
            continue;
        }
    }
    return 0;
}

} // namespace

std::uint64_t peak_resident_bytes() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024; // Linux reports KiB
}

std::uint64_t resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    std::uint64_t size = 0;
    std::uint64_t resident = 0;
    if (!(statm >> size >> resident)) return 0;
    return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

std::uint64_t memory_budget_bytes() {
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page = sysconf(_SC_PAGESIZE);
    std::uint64_t budget =
        pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                              : 0;
    const std::uint64_t cgroup = cgroup_limit_bytes();
    if (cgroup != 0 && (budget == 0 || cgroup < budget)) budget = cgroup;
    return budget;
}

} // namespace shootdown::checker
