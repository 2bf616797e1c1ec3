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

// Under TSO each CPU's loop queues f[c][0] before f[c][1]: no two CPUs
// ever see their stores drain in different orders, so the invariant holds.
// Permuting `id` anyway would reach that (a wrong violation); the check
// must refuse `id` and keep the CPUs.
inline const char* kTsoLoopModel = R"(
type cpu = cpus(2);
type id = scalarset(2);
memory tso;
shared bool f[cpu][id];
invariant drained_in_one_order:
    forall c: cpu. forall e: cpu. forall a: id. forall b: id.
        !(f[c][a] && !f[c][b] && f[e][b] && !f[e][a]);
process {
    atomic {
        for (d in id) {
            f[this_cpu][d] = true;
        }
    }
}
)";

// Under TSO copies of one constant store drain alike in any order: the
// CPUs stay symmetric. (Up to three stores: check with a store buffer of 3.)
inline const char* kTsoFoundModel = R"(
type cpu = cpus(3);
memory tso;
shared per_cpu bool flag;
shared bool found;
process {
    flag = true;
    smp_mb();
    atomic {
        for (d in cpu) {
            if (flag[d]) { found = true; }
        }
    }
    found = false;
}
)";

} // namespace shootdown::tests
