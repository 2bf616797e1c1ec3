-- lazytlb -- x86 lazy TLB handling plus page-table freeing, for Rumur
-- (2022.08.20).  Peer model for the shootdown benchmarks, written from the
-- lazytlb protocol description in the project's shared bench material (see
-- README.md).  Symmetric variant: CPUs and mms are scalarsets, so Rumur's
-- symmetry reduction (on by default: --symmetry-reduction heuristic; exact
-- with --symmetry-reduction exhaustive) folds states that differ only by a
-- renaming of CPUs and of mms.  Otherwise identical to lazytlb.m.
--
-- The protocol's single initial state puts every CPU in mm 0, which a
-- scalarset cannot name; so there is one start state per mm m0 (every CPU in
-- m0).  These are images of each other under mm renaming and fold into one.
--
-- Parameters: the four constants below.  Rumur has no -D option, so the
-- bench driver (and check-counts.sh) rewrites them with sed; keep each on a
-- line of its own in the form `NAME : value;`, e.g.
--   sed -e 's/^\( *NCPU *:\).*;/\1 3;/' -e 's/^\( *CORRECT *:\).*;/\1 0;/'
--
-- One rule firing is one protocol action; every guard implies that the rule
-- changes the state.  The invariant is checked in every state; the tlb_gen
-- bound (tlb_gen[m] <= FREES+1) is the range check of gen_t; deadlock is
-- Rumur's default (stuttering) check.

const
  NCPU : 2;
  NMM : 2;
  FREES : 2;
  CORRECT : 1;

type
  cpu_t : scalarset(NCPU);
  mm_t : scalarset(NMM);
  gen_t : 1 .. FREES + 1;
  frees_t : 0 .. FREES;
  table_t : enum { LIVE, UNLINKED, FREED };
  fpc_t : enum { IDLE, FLUSH, WAIT, FREE, REALLOC };
  cpuset_t : array [cpu_t] of boolean;

var
  -- per mm
  tlb_gen : array [mm_t] of gen_t;
  cpumask : array [mm_t] of cpuset_t;
  table : array [mm_t] of table_t;
  frees_left : array [mm_t] of frees_t;
  -- per CPU
  loaded_mm : array [cpu_t] of mm_t;
  lazy : array [cpu_t] of boolean;
  gen : array [cpu_t] of gen_t;
  psc : array [cpu_t] of boolean;
  pending : array [cpu_t] of boolean;
  fpc : array [cpu_t] of fpc_t;
  sent : array [cpu_t] of cpuset_t;

ruleset m0 : mm_t do
  startstate "init"
  begin
    for m : mm_t do
      tlb_gen[m] := 1;
      for d : cpu_t do
        cpumask[m][d] := (m = m0);
      end;
      table[m] := LIVE;
      frees_left[m] := FREES;
    end;
    for c : cpu_t do
      loaded_mm[c] := m0;
      lazy[c] := false;
      gen[c] := 1;
      psc[c] := false;
      pending[c] := false;
      fpc[c] := IDLE;
      for d : cpu_t do
        sent[c][d] := false;
      end;
    end;
  end;
end;

-- 1. sched_user(c, m'): switch to a user thread of m' (switch_mm_irqs_off)
ruleset c : cpu_t; mp : mm_t do
  rule "sched_user"
    fpc[c] = IDLE & (loaded_mm[c] != mp | lazy[c])
  ==>
  begin
    if loaded_mm[c] = mp then  -- so c is lazy
      lazy[c] := false;
      cpumask[mp][c] := true;
      if gen[c] < tlb_gen[mp] then
        gen[c] := tlb_gen[mp];
        psc[c] := false;
      end;
    else
      cpumask[loaded_mm[c]][c] := false;
      cpumask[mp][c] := true;
      loaded_mm[c] := mp;
      gen[c] := tlb_gen[mp];
      psc[c] := false;
      lazy[c] := false;
    end;
  end;
end;

ruleset c : cpu_t do
  -- 2. sched_kthread(c): enter_lazy_tlb
  rule "sched_kthread"
    fpc[c] = IDLE & !lazy[c]
  ==>
  begin
    lazy[c] := true;
  end;

  -- 3. walk(c): a speculative page walk fills the paging-structure cache
  rule "walk"
    table[loaded_mm[c]] = LIVE & !psc[c]
  ==>
  begin
    psc[c] := true;
  end;

  -- 4a. free_unlink(c)
  rule "free_unlink"
    fpc[c] = IDLE & !lazy[c] & table[loaded_mm[c]] = LIVE
      & frees_left[loaded_mm[c]] > 0
  ==>
  var m : mm_t;
  begin
    m := loaded_mm[c];
    table[m] := UNLINKED;
    tlb_gen[m] := tlb_gen[m] + 1;
    fpc[c] := FLUSH;
  end;

  -- 4b. free_flush(c): IPI every other CPU in cpumask[m] (BUGGY skips the
  -- lazy ones), then flush the local TLB
  rule "free_flush"
    fpc[c] = FLUSH
  ==>
  var m : mm_t;
  begin
    m := loaded_mm[c];
    for d : cpu_t do
      if d != c & cpumask[m][d] & (CORRECT = 1 | !lazy[d]) then
        pending[d] := true;
        sent[c][d] := true;
      end;
    end;
    gen[c] := tlb_gen[m];
    psc[c] := false;
    fpc[c] := WAIT;
  end;

  -- 4c. free_wait(c): every CPU that was sent an IPI has taken it
  rule "free_wait"
    fpc[c] = WAIT & forall d : cpu_t do !(sent[c][d] & pending[d]) end
  ==>
  begin
    for d : cpu_t do
      sent[c][d] := false;
    end;
    fpc[c] := FREE;
  end;

  -- 4d. free_table(c)
  rule "free_table"
    fpc[c] = FREE
  ==>
  var m : mm_t;
  begin
    m := loaded_mm[c];
    table[m] := FREED;
    frees_left[m] := frees_left[m] - 1;
    fpc[c] := REALLOC;
  end;

  -- 4e. realloc(c)
  rule "realloc"
    fpc[c] = REALLOC
  ==>
  begin
    table[loaded_mm[c]] := LIVE;
    fpc[c] := IDLE;
  end;

  -- 5. ipi(c): take a queued flush IPI (flush_tlb_func), whatever fpc is
  rule "ipi"
    pending[c]
  ==>
  begin
    gen[c] := tlb_gen[loaded_mm[c]];
    psc[c] := false;
    pending[c] := false;
  end;
end;

invariant "no lazy CPU walks freed tables"
  forall c : cpu_t do !(psc[c] & table[loaded_mm[c]] = FREED) end;
