// Small hand-written models whose symmetry exercises every part of a
// renaming: live locals, store buffers, IPIs with arguments, cpumasks,
// two-dimensional arrays over the CPUs.
#pragma once

namespace shootdown::tests {

// Locals of a symmetric type live across steps; an IPI carries an mm.
inline const char* kIpiModel = R"(
type cpu = cpus(3);
type mm = scalarset(2);
shared per_cpu mm cur;
shared int<0..1> seen[cpu][mm];
shared cpumask<cpu> users[mm];
irq note(mm m) { seen[this_cpu][m] = 1; }
process {
    choose m in mm {
        cur = m;
        mm x = cur;
        atomic { users[x] = users[x] | cpumask_of(this_cpu); }
        smp_call_function_many(users[x], note, x, true);
    }
}
)";

// A loop over the CPUs inside one step, and a property that fails.
inline const char* kLoopModel = R"(
type cpu = cpus(3);
type mm = scalarset(2);
shared per_cpu mm cur;
shared per_cpu bool flushed;
ghost int<0..3> flushes;
shared cpumask<cpu> users[mm] = {cpu_all_mask};
invariant fewer_than_three_flushes: flushes < 3;
process {
    choose m in mm {
        atomic {
            users[cur] = users[cur] & ~cpumask_of(this_cpu);
            cur = m;
            users[m] = users[m] | cpumask_of(this_cpu);
        }
        atomic {
            for_each_cpu(d, users[m]) {
                if (d != this_cpu) { flushed[d] = true; }
            }
            flushes++;
        }
    }
}
)";

// CPU ids as IPI arguments and indexes of a [cpu][cpu] array; a cpumask
// local held across steps.
inline const char* kPingModel = R"(
type cpu = cpus(3);
shared bool hit[cpu][cpu];
shared per_cpu cpumask<cpu> todo;
irq ping(cpu from) { hit[this_cpu][from] = true; }
process {
    cpumask<cpu> others = cpu_all_mask & ~cpumask_of(this_cpu);
    choose t in cpu where t != this_cpu {
        todo = others;
        smp_call_function_single(t, ping, this_cpu, false);
        smp_call_function_many(others, ping, this_cpu, true);
    }
}
)";

} // namespace shootdown::tests
