/*
 * lazytlb -- x86 lazy TLB handling plus page-table freeing, for SPIN 6.5.2.
 *
 * Peer model for the shootdown benchmarks, written from the lazytlb protocol
 * description in the project's shared bench material (see README.md).
 *
 * Parameters (spin -DNAME=value ...):
 *   NCPU     number of CPUs            default 2 (1..8: CPU sets are bytes)
 *   NMM      number of mms             default 2
 *   FREES    page-table frees per mm   default 2
 *   CORRECT  1 = CORRECT, 0 = BUGGY    default 1
 *
 * Encoding.  One byte per scalar and per array element, bool for booleans,
 * a byte bitmask (bit c = CPU c) for cpumask[m] and sent[c].  Every protocol
 * action is exactly one d_step, so one action is one SPIN transition and no
 * intermediate states exist.  Apart from the protocol variables the state
 * vector holds only the scratch loop index `d` (0 whenever no d_step is
 * running) and the program counters of the processes, which never change:
 * each process is a single do-loop whose options are d_steps.  So with
 * -DNOREDUCE SPIN stores exactly the protocol's reachable states, and its
 * "transitions (= stored+matched)" is the number of action firings plus one
 * (the initial state).
 *
 * Processes (all `active`, no init process, so the initial state is the
 * declared initial values):
 *   cpu       pids 0 .. NCPU-1, CPU c = _pid: sched_kthread, walk, the free
 *             path free_unlink .. realloc, ipi
 *   user      pids NCPU .. NCPU + NCPU*NMM - 1: sched_user(c, m') with
 *             c = (_pid-NCPU) / NMM, m' = (_pid-NCPU) % NMM
 *
 * Properties: the invariant "no lazy CPU walks freed tables" is asserted at
 * the end of every action (all reachable states but the initial one, where it
 * holds trivially); the tlb_gen bound tlb_gen[m] <= FREES+1 is asserted
 * where tlb_gen grows; deadlock shows up as an invalid end state.
 *
 * Replay a trail with   spin -t -DNCPU=.. -DCORRECT=0 lazytlb.pml
 * (each action prints "cpuC: action (mmM)").
 */

#ifndef NCPU
#define NCPU 2
#endif
#ifndef NMM
#define NMM 2
#endif
#ifndef FREES
#define FREES 2
#endif
#ifndef CORRECT
#define CORRECT 1
#endif

/* table[m] */
#define LIVE     0
#define UNLINKED 1
#define FREED    2
/* fpc[c] */
#define IDLE     0
#define FLUSH    1
#define WAIT     2
#define FREE     3
#define REALLOC  4

#define BIT(x)   (1 << (x))

/* ---- state: per mm m ---- */
byte tlb_gen[NMM] = 1;                 /* 1 .. FREES+1 */
/* cpumask: all CPUs for mm 0, empty for the others.  An initialiser list
   takes only literals (and its last value fills the rest of the array). */
#if NCPU == 1
#define ALLCPUS_LIT 1
#elif NCPU == 2
#define ALLCPUS_LIT 3
#elif NCPU == 3
#define ALLCPUS_LIT 7
#elif NCPU == 4
#define ALLCPUS_LIT 15
#elif NCPU == 5
#define ALLCPUS_LIT 31
#elif NCPU == 6
#define ALLCPUS_LIT 63
#elif NCPU == 7
#define ALLCPUS_LIT 127
#elif NCPU == 8
#define ALLCPUS_LIT 255
#else
#error "NCPU must be 1..8"
#endif
#if NMM == 1
byte cpumask[NMM] = ALLCPUS_LIT;       /* set of CPUs (bitmask) */
#else
byte cpumask[NMM] = { ALLCPUS_LIT, 0 };
#endif
byte table[NMM] = LIVE;                /* LIVE, UNLINKED, FREED */
byte frees_left[NMM] = FREES;          /* 0 .. FREES */
/* ---- state: per CPU c ---- */
byte loaded_mm[NCPU] = 0;
bool lazy[NCPU] = false;
byte gen[NCPU] = 1;                    /* 1 .. FREES+1 */
bool psc[NCPU] = false;
bool pending[NCPU] = false;
byte fpc[NCPU] = IDLE;                 /* IDLE, FLUSH, WAIT, FREE, REALLOC */
byte sent[NCPU] = 0;                   /* set of CPUs other than c */
/* ---- scratch loop index, only used inside d_steps and reset to 0 before
   each ends, so it never tells two states apart ---- */
byte d = 0;

/* "no lazy CPU walks freed tables", asserted at the end of every action */
inline check_inv() {
	d = 0;
	do
	:: d < NCPU ->
		assert(!(psc[d] && table[loaded_mm[d]] == FREED));
		d++
	:: else -> break
	od;
	d = 0
}

/* wait condition of free_wait: no CPU in sent[c] still has pending set */
#define NOT_WAITING_ON(x) (NCPU <= (x) || (sent[c] & BIT(x)) == 0 || !pending[(x) % NCPU])

active [NCPU] proctype cpu()
{
#define c  _pid
#define m  loaded_mm[_pid]
	do
	/* 2. sched_kthread(c): enter_lazy_tlb */
	:: d_step {
		(fpc[c] == IDLE && !lazy[c]) ->
		printf("cpu%d: sched_kthread\n", c);
		lazy[c] = true;
		check_inv()
	}
	/* 3. walk(c): a speculative page walk fills the paging-structure cache */
	:: d_step {
		(table[m] == LIVE && !psc[c]) ->
		printf("cpu%d: walk (mm%d)\n", c, m);
		psc[c] = true;
		check_inv()
	}
	/* 4a. free_unlink(c) */
	:: d_step {
		(fpc[c] == IDLE && !lazy[c] && table[m] == LIVE && frees_left[m] > 0) ->
		printf("cpu%d: free_unlink (mm%d)\n", c, m);
		table[m] = UNLINKED;
		tlb_gen[m]++;
		assert(tlb_gen[m] <= FREES + 1);
		fpc[c] = FLUSH;
		check_inv()
	}
	/* 4b. free_flush(c): IPI every other CPU in cpumask[m] (BUGGY skips the
	   lazy ones), then flush the local TLB */
	:: d_step {
		(fpc[c] == FLUSH) ->
		printf("cpu%d: free_flush (mm%d)\n", c, m);
		d = 0;
		do
		:: d < NCPU ->
			if
			:: d != c && (cpumask[m] & BIT(d)) != 0 && (CORRECT || !lazy[d]) ->
				pending[d] = true;
				sent[c] = sent[c] | BIT(d)
			:: else
			fi;
			d++
		:: else -> break
		od;
		d = 0;
		gen[c] = tlb_gen[m];
		psc[c] = false;
		fpc[c] = WAIT;
		check_inv()
	}
	/* 4c. free_wait(c): every CPU that was sent an IPI has taken it */
	:: d_step {
		(fpc[c] == WAIT &&
		 NOT_WAITING_ON(0) && NOT_WAITING_ON(1) && NOT_WAITING_ON(2) &&
		 NOT_WAITING_ON(3) && NOT_WAITING_ON(4) && NOT_WAITING_ON(5) &&
		 NOT_WAITING_ON(6) && NOT_WAITING_ON(7)) ->
		printf("cpu%d: free_wait (mm%d)\n", c, m);
		sent[c] = 0;
		fpc[c] = FREE;
		check_inv()
	}
	/* 4d. free_table(c) */
	:: d_step {
		(fpc[c] == FREE) ->
		printf("cpu%d: free_table (mm%d)\n", c, m);
		table[m] = FREED;
		frees_left[m]--;
		fpc[c] = REALLOC;
		check_inv()
	}
	/* 4e. realloc(c) */
	:: d_step {
		(fpc[c] == REALLOC) ->
		printf("cpu%d: realloc (mm%d)\n", c, m);
		table[m] = LIVE;
		fpc[c] = IDLE;
		check_inv()
	}
	/* 5. ipi(c): take a queued flush IPI (flush_tlb_func), whatever fpc is */
	:: d_step {
		pending[c] ->
		printf("cpu%d: ipi (mm%d)\n", c, m);
		gen[c] = tlb_gen[m];
		psc[c] = false;
		pending[c] = false;
		check_inv()
	}
	od
#undef c
#undef m
}

/* 1. sched_user(c, m'): switch to a user thread of m' (switch_mm_irqs_off).
   Declared after cpu so that cpu gets pids 0 .. NCPU-1: active processes
   are instantiated in declaration order. */
active [NCPU * NMM] proctype user()
{
#define c   ((_pid - NCPU) / NMM)
#define mp  ((_pid - NCPU) % NMM)
	do
	:: d_step {
		(fpc[c] == IDLE && (loaded_mm[c] != mp || lazy[c])) ->
		printf("cpu%d: sched_user (mm%d)\n", c, mp);
		if
		:: loaded_mm[c] == mp ->	/* so c is lazy */
			lazy[c] = false;
			cpumask[mp] = cpumask[mp] | BIT(c);
			if
			:: gen[c] < tlb_gen[mp] ->
				gen[c] = tlb_gen[mp];
				psc[c] = false
			:: else
			fi
		:: else ->
			cpumask[loaded_mm[c]] = cpumask[loaded_mm[c]] & ~BIT(c);
			cpumask[mp] = cpumask[mp] | BIT(c);
			loaded_mm[c] = mp;
			gen[c] = tlb_gen[mp];
			psc[c] = false;
			lazy[c] = false
		fi;
		check_inv()
	}
	od
#undef c
#undef mp
}
