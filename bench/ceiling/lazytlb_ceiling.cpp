// lazytlb_ceiling: a hand-specialised, exact, explicit-state BFS explorer for
// the lazytlb peer-benchmark protocol (the same state space as
// examples/bench/lazytlb.sd and bench/peers/lazytlb.{pml,m}). It is the
// practical speed ceiling bench/run measures next to SPIN, Rumur and
// shootdown; see README.md next to this file.
//
//   g++ -std=c++20 -O3 -march=native lazytlb_ceiling.cpp -o lazytlb_ceiling -lxxhash
//   lazytlb_ceiling NCPU [NMM FREES] [--buggy]
//
// Prints one line: "states S transitions T seconds X", followed by
// " violation depth D" or " deadlock depth D" when one is found (exit 1).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <sys/mman.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

namespace {

using u32 = std::uint32_t;
using u64 = std::uint64_t;
using u128 = unsigned __int128;

// Bits needed to hold 0..maxval (0 when maxval is 0).
constexpr int width_of(int maxval) {
    int w = 0;
    while ((1 << w) <= maxval)
        ++w;
    return w;
}

enum : u32 { LIVE, UNLINKED, FREED };            // table[m]
enum : u32 { IDLE, FLUSH, WAIT, FREE, REALLOC }; // fpc[c]

// A field of the packed state at a fixed bit offset.
struct Field {
    int off, w;
};

template <Field f>
inline u32 get(u128 s) {
    if constexpr (f.w == 0)
        return 0;
    else
        return u32(s >> f.off) & ((1u << f.w) - 1);
}

template <Field f>
inline void put(u128& s, u32 v) {
    if constexpr (f.w > 0) s = (s & ~(u128((1u << f.w) - 1) << f.off)) | (u128(v) << f.off);
}

// Calls fn.template operator()<I>() for I = 0..n-1, unrolled.
template <int n, class Fn>
inline void static_for(Fn&& fn) {
    [&]<int... I>(std::integer_sequence<int, I...>) {
        (fn.template operator()<I>(), ...);
    }
    (std::make_integer_sequence<int, n>{});
}

// Minimal-width packing. Per mm (low bits, all within the low 64-bit word so
// that fields of a run-time mm need only 64-bit shifts): tlb_gen-1, cpumask,
// table, frees_left. Then per CPU: loaded_mm, lazy, gen-1, psc, pending, fpc,
// sent (N-1 bits: sent[c] never holds c itself).
template <int N, int M, int F>
struct Layout {
    static constexpr int GW = width_of(F);     // tlb_gen-1, gen-1, frees_left
    static constexpr int LW = width_of(M - 1); // loaded_mm
    static constexpr int TG = 0, MASK = GW, TAB = MASK + N, FL = TAB + 2, MW = FL + GW;
    static constexpr int LM = 0, LAZY = LW, GEN = LAZY + 1, PSC = GEN + GW, PEND = PSC + 1,
                         FPC = PEND + 1, SENT = FPC + 3, CW = SENT + N - 1;
    static constexpr int CPU0 = M * MW;
    static constexpr int BITS = CPU0 + N * CW;
    static constexpr int BYTES = (BITS + 7) / 8;
    static constexpr bool fits = BITS <= 128 && CPU0 <= 64;
};

// The protocol: successors as straight-line code on the packed word.
template <int N, int M, int F>
struct Model {
    using L = Layout<N, M, F>;
    template <int c, int f, int w>
    static constexpr Field cf{L::CPU0 + c * L::CW + f, w};
    template <int c>
    static constexpr Field lm = cf<c, L::LM, L::LW>;
    template <int c>
    static constexpr Field lazy = cf<c, L::LAZY, 1>;
    template <int c>
    static constexpr Field gen = cf<c, L::GEN, L::GW>;
    template <int c>
    static constexpr Field psc = cf<c, L::PSC, 1>;
    template <int c>
    static constexpr Field pend = cf<c, L::PEND, 1>;
    template <int c>
    static constexpr Field fpc = cf<c, L::FPC, 3>;
    template <int c>
    static constexpr Field sent = cf<c, L::SENT, N - 1>;
    template <int c, int d>
    static constexpr u32 sent_bit = 1u << (d < c ? d : d - 1);

    static inline bool bound_broken = false; // tlb_gen would exceed FREES+1

    // Per-mm fields of a run-time mm m.
    template <int off, int w>
    static u32 mget(u128 s, u32 m) {
        return u32(u64(s) >> (m * L::MW + off)) & ((1u << w) - 1);
    }
    template <int off, int w>
    static void mput(u128& s, u32 m, u32 v) {
        const unsigned sh = m * L::MW + off;
        u64 lo = (u64(s) & ~(u64((1u << w) - 1) << sh)) | (u64(v) << sh);
        s = ((s >> 64) << 64) | lo;
    }
    static u32 tlb_gen(u128 s, u32 m) { return mget<L::TG, L::GW>(s, m); }
    static u32 cpumask(u128 s, u32 m) { return mget<L::MASK, N>(s, m); }
    static u32 table(u128 s, u32 m) { return mget<L::TAB, 2>(s, m); }
    static u32 frees_left(u128 s, u32 m) { return mget<L::FL, L::GW>(s, m); }

    static u128 initial() {
        u128 s = 0;
        for (u32 m = 0; m < M; ++m) {
            mput<L::FL, L::GW>(s, m, F);
            if (m == 0) mput<L::MASK, N>(s, 0, (1u << N) - 1);
        }
        return s; // every other field is 0: tlb_gen = gen = 1, LIVE, IDLE, mm 0
    }

    static bool invariant(u128 s) {
        bool ok = true;
        static_for<N>(
            [&]<int c>() { ok &= !(get<psc<c>>(s) && table(s, get<lm<c>>(s)) == FREED); });
        return ok;
    }

    // 1. sched_user(c, m') for every m'.
    template <int c>
    static u128* sched_user(u128 s, u128* out) {
        const u32 m = get<lm<c>>(s);
        const bool lz = get<lazy<c>>(s);
        for (u32 mp = 0; mp < M; ++mp) {
            if (mp == m && !lz) continue; // would change nothing: not a step
            u128 t = s;
            const u32 tg = tlb_gen(s, mp);
            put<lazy<c>>(t, 0);
            if (mp != m) {
                mput<L::MASK, N>(t, m, cpumask(s, m) & ~(1u << c));
                put<lm<c>>(t, mp);
            }
            mput<L::MASK, N>(t, mp, cpumask(t, mp) | 1u << c);
            if (mp != m || get<gen<c>>(s) < tg) {
                put<gen<c>>(t, tg);
                put<psc<c>>(t, 0);
            }
            *out++ = t;
        }
        return out;
    }

    // 4a. free_unlink(c); the caller checked fpc = IDLE and not lazy.
    template <int c>
    static u128* free_unlink(u128 s, u128* out, u32 m) {
        if (table(s, m) != LIVE || frees_left(s, m) == 0) return out;
        const u32 tg = tlb_gen(s, m);
        if (tg == F) { // the SPEC's bound tlb_gen <= FREES+1; never expected
            bound_broken = true;
            return out;
        }
        u128 t = s;
        mput<L::TAB, 2>(t, m, UNLINKED);
        mput<L::TG, L::GW>(t, m, tg + 1);
        put<fpc<c>>(t, FLUSH);
        *out++ = t;
        return out;
    }

    // 4b. free_flush(c): IPI the other CPUs of m (BUGGY skips lazy ones),
    // then flush locally.
    template <int c>
    static u128 free_flush(u128 s, u32 m, bool correct) {
        const u32 mask = cpumask(s, m);
        u128 t = s;
        u32 snt = get<sent<c>>(s);
        static_for<N>([&]<int d>() {
            if constexpr (d != c) {
                if ((mask >> d & 1) && (correct || !get<lazy<d>>(s))) {
                    put<pend<d>>(t, 1);
                    snt |= sent_bit<c, d>;
                }
            }
        });
        put<sent<c>>(t, snt);
        put<gen<c>>(t, tlb_gen(s, m));
        put<psc<c>>(t, 0);
        put<fpc<c>>(t, WAIT);
        return t;
    }

    // 4c. free_wait(c): enabled once no CPU in sent[c] has its IPI pending.
    template <int c>
    static bool wait_done(u128 s) {
        const u32 snt = get<sent<c>>(s);
        bool busy = false;
        static_for<N>([&]<int d>() {
            if constexpr (d != c) busy |= (snt & sent_bit<c, d>)&&get<pend<d>>(s);
        });
        return !busy;
    }

    // 4b-4e: the free path's step after 4a, selected by fpc[c].
    template <int c>
    static u128* free_step(u128 s, u128* out, u32 f, u32 m, bool correct) {
        u128 t = s;
        switch (f) {
        case FLUSH:
            t = free_flush<c>(s, m, correct);
            break;
        case WAIT:
            if (!wait_done<c>(s)) return out;
            put<sent<c>>(t, 0);
            put<fpc<c>>(t, FREE);
            break;
        case FREE:
            mput<L::TAB, 2>(t, m, FREED);
            mput<L::FL, L::GW>(t, m, frees_left(s, m) - 1);
            put<fpc<c>>(t, REALLOC);
            break;
        case REALLOC:
            mput<L::TAB, 2>(t, m, LIVE);
            put<fpc<c>>(t, IDLE);
            break;
        default:
            return out;
        }
        *out++ = t;
        return out;
    }

    // Every action of CPU c: 1, 2, 3, 4a-4e, 5.
    template <int c>
    static u128* cpu_steps(u128 s, u128* out, bool correct) {
        const u32 f = get<fpc<c>>(s);
        const u32 m = get<lm<c>>(s);
        if (f == IDLE) {
            out = sched_user<c>(s, out);
            if (!get<lazy<c>>(s)) {
                u128 t = s;
                put<lazy<c>>(t, 1); // 2. sched_kthread
                *out++ = t;
                out = free_unlink<c>(s, out, m);
            }
        } else {
            out = free_step<c>(s, out, f, m, correct);
        }
        if (table(s, m) == LIVE && !get<psc<c>>(s)) { // 3. walk
            u128 t = s;
            put<psc<c>>(t, 1);
            *out++ = t;
        }
        if (get<pend<c>>(s)) { // 5. ipi
            u128 t = s;
            put<gen<c>>(t, tlb_gen(s, m));
            put<psc<c>>(t, 0);
            put<pend<c>>(t, 0);
            *out++ = t;
        }
        return out;
    }

    static constexpr int max_succ = N * (M + 4);

    static u128* successors(u128 s, u128* out, bool correct) {
        static_for<N>([&]<int c>() { out = cpu_steps<c>(s, out, correct); });
        return out;
    }
};

// A growable anonymous mapping on transparent huge pages; grows by mremap,
// which moves page mappings rather than copying bytes.
struct Region {
    char* p = nullptr;
    size_t bytes = 0;
    Region() = default;
    Region(const Region&) = delete;
    Region& operator=(const Region&) = delete;
    ~Region() {
        if (p) munmap(p, bytes);
    }
    void ensure(size_t need) {
        if (need <= bytes) return;
        size_t nb = bytes ? bytes : size_t(1) << 21;
        while (nb < need)
            nb *= 2;
        void* q = p ? mremap(p, bytes, nb, MREMAP_MAYMOVE)
                    : mmap(nullptr, nb, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (q == MAP_FAILED) {
            std::perror("lazytlb_ceiling: mmap");
            std::exit(3);
        }
        p = static_cast<char*>(q);
        bytes = nb;
        madvise(p, nb, MADV_HUGEPAGE);
    }
    void swap(Region& o) {
        std::swap(p, o.p);
        std::swap(bytes, o.bytes);
    }
};

// Linear-probing visited set of 32-bit slots: state index + 1 in the low
// `bits` bits, hash bits in the rest, so most mismatches never touch the
// arena. 0 is empty.
struct Table {
    Region mem;
    u32* slot = nullptr;
    int bits = 0;
    u64 mask = 0;
    u32 idx_mask = 0;
    void init(int b) {
        Region fresh; // zero-filled
        fresh.ensure(size_t(4) << b);
        mem.swap(fresh);
        slot = reinterpret_cast<u32*>(mem.p);
        bits = b;
        mask = (u64(1) << b) - 1;
        idx_mask = b >= 32 ? ~0u : (1u << b) - 1;
    }
    u32 tag(u64 h) const { return u32(h >> 32) & ~idx_mask; }
    u64 limit() const { return (mask + 1) / 4 * 3; } // load factor 3/4
};

template <int N, int M, int F>
class Explorer {
    using Mo = Model<N, M, F>;
    static constexpr int K = Layout<N, M, F>::BYTES;
    static constexpr int BATCH = 16; // source states per batch
    static constexpr int MAXB = BATCH * Mo::max_succ;
    static constexpr u128 state_mask = K == 16 ? ~u128(0) : (u128(1) << (8 * K)) - 1;

    bool correct;
    Region arena;   // packed states in BFS order: the queue
    Region parents; // u32 parent index per state
    Table table;
    u64 count = 0, transitions = 0;

    u128 load(u64 i) const {
        u128 s;
        std::memcpy(&s, arena.p + i * K, 16);
        return s & state_mask;
    }
    // Writes 16 bytes; the spill lands in the next, not yet written, entry.
    void store(u64 i, u128 s) { std::memcpy(arena.p + i * K, &s, 16); }
    static u64 hash(u128 s) { return XXH3_64bits(&s, K); }
    u32* parent() const { return reinterpret_cast<u32*>(parents.p); }

    void reserve(u64 n) {
        if (n >= 0xfffffff0u) {
            std::fprintf(stderr, "lazytlb_ceiling: more than 2^32 states\n");
            std::exit(3);
        }
        arena.ensure(n * K + 16);
        parents.ensure(n * 4);
        while (n > table.limit())
            grow_table();
    }

    // Doubles the table, reinserting every state; batched like the search.
    void grow_table() {
        Table nt;
        nt.init(table.bits + 1);
        u64 h[64];
        for (u64 base = 0; base < count; base += 64) {
            const int n = int(count - base < 64 ? count - base : 64);
            for (int j = 0; j < n; ++j) {
                h[j] = hash(load(base + j));
                __builtin_prefetch(&nt.slot[h[j] & nt.mask], 1);
            }
            for (int j = 0; j < n; ++j) {
                u64 pos = h[j] & nt.mask;
                while (nt.slot[pos])
                    pos = (pos + 1) & nt.mask;
                nt.slot[pos] = nt.tag(h[j]) | u32(base + j + 1);
            }
        }
        table.mem.swap(nt.mem);
        table.slot = nt.slot;
        table.bits = nt.bits;
        table.mask = nt.mask;
        table.idx_mask = nt.idx_mask;
    }

    // Inserts s unless present; returns its new index or ~0 if it was seen.
    u64 insert(u128 s, u64 h) {
        const u32 tg = table.tag(h);
        u64 pos = h & table.mask;
        for (u32 sl; (sl = table.slot[pos]) != 0; pos = (pos + 1) & table.mask)
            if ((sl & ~table.idx_mask) == tg && load((sl & table.idx_mask) - 1) == s)
                return ~u64(0);
        store(count, s);
        table.slot[pos] = tg | u32(count + 1);
        return count++;
    }

    // Parent hops back to the initial state: the trace length.
    int trace_length(u64 i) const {
        int n = 0;
        for (; i != 0; i = parent()[i])
            ++n;
        return n;
    }

public:
    explicit Explorer(bool c) : correct(c) { table.init(16); }

    // One batch of sources [from, to): generate, hash and prefetch slots,
    // prefetch candidate arena entries, then probe and insert. Returns a
    // found violation or deadlock state's index, or ~0.
    u64 batch(u64 from, u64 to, bool& deadlock) {
        static u128 succ[MAXB];
        static u32 par[MAXB];
        static u64 h[MAXB];
        int n = 0;
        for (u64 i = from; i < to; ++i) {
            const int k = int(Mo::successors(load(i), succ + n, correct) - (succ + n));
            if (k == 0) {
                deadlock = true;
                return i;
            }
            for (int j = n; j < n + k; ++j)
                par[j] = u32(i);
            n += k;
        }
        transitions += n;
        for (int j = 0; j < n; ++j) {
            h[j] = hash(succ[j]);
            __builtin_prefetch(&table.slot[h[j] & table.mask]);
        }
        for (int j = 0; j < n; ++j) {
            const u32 sl = table.slot[h[j] & table.mask];
            if (sl && (sl & ~table.idx_mask) == table.tag(h[j]))
                __builtin_prefetch(arena.p + u64((sl & table.idx_mask) - 1) * K);
        }
        for (int j = 0; j < n; ++j) {
            const u64 idx = insert(succ[j], h[j]);
            if (idx == ~u64(0)) continue;
            parent()[idx] = par[j];
            if (!Mo::invariant(succ[j])) return idx;
        }
        return ~u64(0);
    }

    int run() {
        const auto t0 = std::chrono::steady_clock::now();
        reserve(1);
        insert(Mo::initial(), hash(Mo::initial()));
        parent()[0] = 0;
        u64 head = 0, level_end = 1, bad = ~u64(0);
        int depth = 0;
        bool deadlock = false;
        while (head < count && bad == ~u64(0)) {
            if (head == level_end) {
                ++depth;
                level_end = count;
            }
            const u64 to = head + BATCH < level_end ? head + BATCH : level_end;
            reserve(count + MAXB);
            bad = batch(head, to, deadlock);
            head = to;
        }
        const double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("states %llu transitions %llu seconds %.3f", (unsigned long long)count,
                    (unsigned long long)transitions, secs);
        if (bad != ~u64(0)) {
            const int len = trace_length(bad);
            if (len != depth + !deadlock) std::fprintf(stderr, "lazytlb_ceiling: depth mismatch\n");
            std::printf(" %s depth %d", deadlock ? "deadlock" : "violation", len);
        }
        std::printf("\n");
        if (Mo::bound_broken) std::fprintf(stderr, "lazytlb_ceiling: tlb_gen bound exceeded\n");
        return bad != ~u64(0) || Mo::bound_broken ? 1 : 0;
    }
};

constexpr int MAX_N = 5, MAX_M = 2, MAX_F = 2;
using RunFn = int (*)(bool);

template <int N, int M, int F>
int run_one(bool correct) {
    if constexpr (Layout<N, M, F>::fits) {
        return Explorer<N, M, F>(correct).run();
    } else {
        std::fprintf(stderr, "lazytlb_ceiling: state does not fit in 128 bits\n");
        return 2;
    }
}

template <int... I>
constexpr auto make_runners(std::integer_sequence<int, I...>) {
    return std::array<RunFn, sizeof...(I)>{
        &run_one<I / (MAX_M * MAX_F) + 1, I / MAX_F % MAX_M + 1, I % MAX_F + 1>...};
}

int usage() {
    std::fprintf(stderr,
                 "usage: lazytlb_ceiling NCPU [NMM FREES] [--buggy]   "
                 "(NCPU 1..%d, NMM 1..%d, FREES 1..%d)\n",
                 MAX_N, MAX_M, MAX_F);
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    int num[3] = {0, 2, 2}, nnum = 0;
    bool correct = true;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--buggy") == 0)
            correct = false;
        else if (nnum < 3)
            num[nnum++] = std::atoi(argv[i]);
        else
            return usage();
    }
    if (nnum != 1 && nnum != 3) return usage();
    const int n = num[0], m = num[1], f = num[2];
    if (n < 1 || n > MAX_N || m < 1 || m > MAX_M || f < 1 || f > MAX_F) return usage();
    static constexpr auto runners =
        make_runners(std::make_integer_sequence<int, MAX_N * MAX_M * MAX_F>{});
    return runners[((n - 1) * MAX_M + (m - 1)) * MAX_F + (f - 1)](correct);
}
