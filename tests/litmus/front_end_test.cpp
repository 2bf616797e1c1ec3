// The front end on small inline tests: the lexical oddities of the format,
// the final clauses, and the x86 meaning of each kind of primitive, checked
// through the final states it produces.
#include <catch2/catch.hpp>

#include "litmus/report.hpp"
#include "model/litmus/condition.hpp"
#include "tests/litmus/litmus_helpers.hpp"

namespace shootdown::litmus {
namespace {

using testing::run_text;
constexpr auto TSO = ir::MemoryModel::TSO;
constexpr auto SC = ir::MemoryModel::SC;

// The values of the shown locations in every final state.
std::vector<std::vector<std::int64_t>> finals(const Outcome& o) {
    std::vector<std::vector<std::int64_t>> out;
    for (const FinalState& s : o.states)
        out.push_back(s.values);
    return out;
}

TEST_CASE("Comments: (* *) only outside braces, // and /* */ anywhere", "[litmus][front]") {
    const LitmusRun r = run_text(R"(C comments
(* Result: Sometimes (* nested *) still the header *)
{ x = 2; }
P0(int *x) // a thread comment
{
	int r0; /* a C comment */
	r0 = READ_ONCE(*x); // `(*x)` is C here
}
exists (0:r0=2) (* a trailing comment *)
)",
                                 TSO);
    REQUIRE(r.test->result);
    CHECK(*r.test->result == "Sometimes");
    CHECK(r.sources->file(0).text().substr(r.test->result_span.begin, 9) == "Sometimes");
    CHECK(observe(*r.outcome) == Observation::Always);
}

TEST_CASE("Propositions: precedence, negation and printing", "[litmus][front]") {
    const LitmusRun r = run_text(R"(C props
{}
P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	WRITE_ONCE(*y, 1);
}
exists (x=0 \/ x=1 /\ ~y=0 \/ ~(x=1 \/ true) /\ false)
)",
                                 SC);
    CHECK(to_string(r.test->condition) == "x=0 \\/ x=1 /\\ ~y=0 \\/ ~(x=1 \\/ true) /\\ false");
    CHECK(observe(*r.outcome) == Observation::Always);
}

TEST_CASE("Quantifiers: ~exists is Forbidden, forall Required", "[litmus][front]") {
    const char* body = R"(
{}
P0(spinlock_t *l)
{
	int r0;
	r0 = spin_trylock(l);
}
P1(spinlock_t *l)
{
	int r0;
	r0 = spin_trylock(l);
}
)";
    // Exactly one trylock of a lock nobody releases succeeds.
    const LitmusRun never =
        run_text(std::string("C never") + body + "~exists (0:r0=1 /\\ 1:r0=1)\n", TSO);
    CHECK(condition_holds(*never.test, *never.outcome));
    CHECK(format_report(*never.test, *never.outcome).rfind("Test never Forbidden\n", 0) == 0);
    const LitmusRun always =
        run_text(std::string("C always") + body + "forall (0:r0=1 \\/ 1:r0=1)\n", TSO);
    CHECK(condition_holds(*always.test, *always.outcome));
    CHECK(observe(*always.outcome) == Observation::Always);
    CHECK(format_report(*always.test, *always.outcome).rfind("Test always Required\n", 0) == 0);
}

TEST_CASE("filter drops final states before the condition is tested", "[litmus][front]") {
    const LitmusRun r = run_text(R"(C filtered
{}
P0(int *x) { WRITE_ONCE(*x, 1); }
P1(int *x)
{
	int r0;
	r0 = READ_ONCE(*x);
}
filter (1:r0=1)
exists (x=1)
)",
                                 SC);
    CHECK(r.outcome->filtered_out == 1);
    CHECK(r.outcome->positive == 1);
    CHECK(r.outcome->negative == 0);
    CHECK(result_word(*r.outcome) == "Always");
}

TEST_CASE("Atomics: increments widen the range, add_unless is a cmpxchg loop", "[litmus][front]") {
    const LitmusRun r = run_text(R"(C atomics
{
	atomic_t v = ATOMIC_INIT(2);
	int d = -1;
}
P0(atomic_t *v, int *d)
{
	int r0;
	int r1;
	atomic_inc(v);
	r0 = atomic_fetch_add_relaxed(3, v);
	r1 = atomic_dec_return(d);
}
P1(atomic_t *v)
{
	int r0;
	r0 = atomic_add_unless(v, 10, 2);
}
locations [v; d; 1:r0]
exists (0:r0=3)
)",
                                 TSO);
    // P1 adds 10 unless it reads v == 2. It reads 2 before the increment
    // (and adds nothing), 3 between the two adds (its cmpxchg then succeeds
    // or finds 6 and retries), or 6 after both. Shown: 0:r0, 1:r0, d, v.
    CHECK(r.translation->lo == -2);
    CHECK(r.translation->hi == 16);
    CHECK(finals(*r.outcome) == std::vector<std::vector<std::int64_t>>{
                                    {3, 0, -2, 6},
                                    {3, 1, -2, 16},
                                    {13, 1, -2, 16},
                                });
}

TEST_CASE("Plain accesses, if/else, register initialisers and bare loads", "[litmus][front]") {
    const LitmusRun r = run_text(R"(C plain
{
	0:r1 = 7;
}
P0(int *x, int *y)
{
	int r0;
	int r1;
	*x = 3;
	r0 = *x;
	READ_ONCE(*y);
	if (r0 == 3) {
		WRITE_ONCE(*y, r1);
	} else
		WRITE_ONCE(*y, 1);
	if (!r0)
		WRITE_ONCE(*y, 2);
}
exists (y=7 /\ 0:r0=3)
)",
                                 TSO);
    CHECK(observe(*r.outcome) == Observation::Always);
    CHECK(r.outcome->store_buffer == 4); // one entry per store site of P0
    CHECK(r.translation->hi == 7);
}

TEST_CASE("xchg, cmpxchg and spin_is_locked return what x86 would", "[litmus][front]") {
    const LitmusRun r = run_text(R"(C rmw
{ s = 1; }
P0(int *s, spinlock_t *l)
{
	int r0;
	int r1;
	int r2;
	int r3;
	r0 = xchg(s, 4);
	r1 = cmpxchg(s, 4, 5);
	r2 = cmpxchg_acquire(s, 4, 6);
	spin_lock(l);
	r3 = spin_is_locked(l);
	spin_unlock(l);
}
locations [s; l]
exists (0:r0=1 /\ 0:r1=4 /\ 0:r2=5 /\ 0:r3=1)
)",
                                 TSO);
    CHECK(finals(*r.outcome) ==
          std::vector<std::vector<std::int64_t>>{{1, 4, 5, 1, 0, 5}}); // r0..r3, l, s
    CHECK(observe(*r.outcome) == Observation::Always);
}

TEST_CASE("The generated model: registers are ghosts, locations shared", "[litmus][front]") {
    LitmusRun r = check_litmus_text("gen.litmus", R"(C gen
{}
P0(int *x) { int r0; r0 = READ_ONCE(*x); }
P1(int *x) { WRITE_ONCE(*x, 1); }
exists (0:r0=1)
)",
                                    {TSO, false});
    REQUIRE(r.translation);
    CHECK_FALSE(r.outcome);
    const std::string& m = r.translation->model;
    CHECK(m.find("type cpu = cpus(2);") != std::string::npos);
    CHECK(m.find("shared int<0..1> m_x = 0;") != std::string::npos);
    CHECK(m.find("ghost int<0..1> P0_r0 = 0;") != std::string::npos);
    CHECK(m.find("P0_r0 = m_x;") != std::string::npos);
    CHECK(model_variable(LocRef{1, "r2", {}}) == "P1_r2");
    CHECK(model_variable(LocRef{std::nullopt, "x", {}}) == "m_x");
}

TEST_CASE("The herd-style report", "[litmus][front]") {
    const LitmusRun r = run_text(R"(C SBish
{}
P0(int *x, int *y) { int r0; WRITE_ONCE(*x, 1); r0 = READ_ONCE(*y); }
P1(int *x, int *y) { int r0; WRITE_ONCE(*y, 1); r0 = READ_ONCE(*x); }
exists (0:r0=0 /\ 1:r0=0)
)",
                                 TSO);
    const std::string report = format_report(*r.test, *r.outcome);
    CHECK(report.rfind("Test SBish Allowed\nStates 4\n"
                       "1 *>0:r0=0; 1:r0=0;\n"
                       "1 :>0:r0=0; 1:r0=1;\n"
                       "1 :>0:r0=1; 1:r0=0;\n"
                       "1 :>0:r0=1; 1:r0=1;\n"
                       "Ok\nWitnesses\nPositive: 1 Negative: 3\n"
                       "Condition exists (0:r0=0 /\\ 1:r0=0)\n"
                       "Observation SBish Sometimes 1 3\n"
                       "Explored ",
                       0) == 0);
}

} // namespace
} // namespace shootdown::litmus
