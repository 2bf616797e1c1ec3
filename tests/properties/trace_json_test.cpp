// The JSON trace reader and replay are strict: every malformed file is
// refused with a located diagnostic in shootdown's words (never a crash or a
// library's message), and a step that does anything other than what the file
// records stops the replay.
#include <string>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "checker/search.hpp"
#include "model/frontend.hpp"
#include "model/machine/trace.hpp"
#include "model/machine/trace_json.hpp"
#include "properties/render_json.hpp"
#include "properties/report.hpp"

using namespace shootdown;

namespace {

// A parametric model whose counterexample is one step of CPU NCPU-1 taking
// the second branch of an `either`.
const char* kEither = "param NCPU = 2;\n"
                      "param LIMIT = 1;\n"
                      "type cpu = cpus(NCPU);\n"
                      "shared int<0..3> x = 0;\n"
                      "invariant small: x <= LIMIT;\n"
                      "process {\n"
                      "    if (this_cpu == NCPU - 1) {\n"
                      "        either {\n"
                      "            WRITE_ONCE(x, 1);\n"
                      "        } or {\n"
                      "            WRITE_ONCE(x, 2);\n"
                      "        }\n"
                      "    }\n"
                      "}\n";

struct Loaded {
    LoadResult loaded;
    std::unique_ptr<machine::Machine> machine;
};

Loaded load(const std::string& text, ir::MemoryModel memory = ir::MemoryModel::SC) {
    LoadOptions o;
    o.memory = memory;
    Loaded l{load_model_text("m.sd", text, o), nullptr};
    INFO(lang::render_all(*l.loaded.sources, l.loaded.diagnostics));
    REQUIRE(l.loaded.program);
    l.machine = std::make_unique<machine::Machine>(*l.loaded.program);
    return l;
}

// The JSON trace `check --trace-json` writes for the model's counterexample.
std::string trace_of(const Loaded& l) {
    const checker::SearchResult r = checker::search(*l.machine, {});
    REQUIRE(r.counterexample);
    const ir::Program& p = *l.loaded.program;
    const properties::RunContext context{"m.sd", p.variant, p.params,
                                         p.memory == ir::MemoryModel::TSO ? "tso" : "sc",
                                         p.cpu.sb_capacity};
    return properties::render_json(
        context, properties::describe_violation(
                     *l.machine, machine::build_trace(*l.machine, *r.counterexample)));
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const std::size_t at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

std::string parse_error(const std::string& text) {
    std::string error;
    CHECK_FALSE(machine::parse_trace_json_text("t.json", text, error));
    return error;
}

machine::ReplayResult replay_text(const Loaded& l, const std::string& text) {
    std::string error;
    const std::optional<machine::TraceFile> f =
        machine::parse_trace_json_text("t.json", text, error);
    INFO(error);
    REQUIRE(f);
    return machine::replay(*l.machine, *f);
}

} // namespace

TEST_CASE("Trace JSON: nesting beyond the limit is refused before parsing", "[trace_json]") {
    // 500,000 levels crashed the property-tree parser (it recurses).
    const std::string deep = std::string(500000, '[') + std::string(500000, ']');
    CHECK(parse_error(deep) == "t.json:1:65: error: the JSON nests deeper than 64 levels; a "
                               "shootdown trace needs 4");
    CHECK(parse_error("{\"format\":\n" + std::string(100, '{')).starts_with("t.json:2:64: error:"));
    // Brackets inside strings do not count.
    const Loaded l = load(kEither);
    const std::string trace = trace_of(l);
    CHECK(
        replay_text(l, replaced(trace, "\"m.sd\"", "\"" + std::string(200, '[') + "\"")).confirmed);
}

TEST_CASE("Trace JSON: a file over the size limit is refused", "[trace_json]") {
    CHECK(parse_error(std::string(machine::kMaxTraceBytes + 1, ' ')) ==
          "t.json: error: the file has more than 64 MiB; that is not a trace");
    std::string error;
    CHECK_FALSE(machine::parse_trace_json(SHOOTDOWN_SOURCE_DIR, error));
    CHECK(error.ends_with("cannot read the trace: not a regular file"));
}

TEST_CASE("Trace JSON: malformed traces get a located message in shootdown's words",
          "[trace_json]") {
    const Loaded l = load(kEither);
    const std::string t = trace_of(l);
    const auto [from, to, message] = GENERATE(table<std::string, std::string, std::string>({
        {"", "", "t.json:1:1: error: the file is empty; a shootdown trace is a JSON object"},
        {"", " \n\t", "t.json:1:1: error: the file is empty"},
        {"", "\x93\x01{",
         "t.json:1:1: error: a shootdown trace is a JSON object, not the byte 0x93"},
        {"", "[1, 2]", "t.json:1:1: error: a shootdown trace is a JSON object, not an array"},
        {"", "\n \"trace\"", "t.json:2:2: error: a shootdown trace is a JSON object, not a string"},
        {"", "{}", "t.json:1:1: error: not a shootdown trace: it has no `format` field"},
        {"\"format\": \"shootdown-trace\",", "",
         "error: not a shootdown trace: it has no `format` field"},
        {"\"shootdown-trace\"", "\"other\"", "error: not a shootdown trace: `format` must be"},
        {"\"version\": 1", "\"version\": 7", "error: this is a version 7 trace"},
        {"\"cpu\": 1", "\"cpu\": \"1\"", "error: `steps[0].cpu` must be an integer, not a string"},
        {"\"ordinal\": 1", "\"ordinal\": -1", "error: `steps[0].ordinal` must not be negative"},
        {"\"ordinal\": 1", "\"ordinal\": 1e3",
         "error: `steps[0].ordinal` must be an integer, not 1e3"},
        {"\"ordinal\": 1", "\"ordinal\": 99999999999999999999",
         "error: `steps[0].ordinal` is 99999999999999999999, more than the 4294967295"},
        {"\"ordinal\": 1", "\"ordinal\": 01", "error: a number with a leading zero"},
        {"\"NCPU\": 2", "\"NCPU\": 9223372036854775808", "outside the 64-bit integers"},
        {"\"NCPU\": 2", "\"N CPU\": 2", "error: `params.N CPU` is not a parameter name"},
        {"\"params\": {", "\"params\": [", "error: `params` must be an object, not an array"},
        {"\"kind\": \"invariant\"", "\"kind\": \"liveness\"",
         "error: `violation.kind` must be \"invariant\", \"step\" or \"deadlock\", not "
         "\"liveness\""},
        {"\"kind\": \"program\"", "\"kind\": \"magic\"", "error: `steps[0].kind` must be"},
        {"\"memory\": \"sc\"", "\"memory\": \"arm\"", "error: `memory` must be \"sc\" or \"tso\""},
        {"\"memory\": \"sc\"", "\"memory\": \"tso\"",
         "`store_buffer` must be between 1 and 8 under TSO"},
        {"\"store_buffer\": 0", "\"store_buffer\": 9",
         "error: `store_buffer` is 9, more than the 8"},
        {"\"step\": 1", "\"step\": 2", "error: `steps[0].step` is 2, but the step is number 1"},
        {"\"initial\": 0,", "", "error: the trace has no `initial` field"},
        {"\"source\"", "\"origin\"", "error: unknown field `origin` in `steps[0]`"},
        {"\"model\"", "\"model\": \"a\", \"model\"", "error: `model` appears twice"},
        {"{\"text\": \"x := 2\"}", "{\"text\": null}",
         "`steps[0].events[0].text` must be a string, not null"},
        {"\"x := 2\"", "\"x :\x01= 2\"", "error: the control byte 0x01 inside a string"},
        {"\"x := 2\"", "\"x \\q\"", "error: an unknown escape in a string"},
        {"\"x := 2\"", "\"\\ud800\"", "error: a high surrogate without its low half"},
        {"\"x := 2\"", "\"x := 2", "error: the control byte 0x0a inside a string"},
        {"\n}\n", "\n} {}\n", "error: an object after the end of the trace"},
        {"]\n}\n", "", "error: expected `,` or `]` after `steps[0]`, found the end of the file"},
    }));
    CAPTURE(from, to);
    const std::string error = parse_error(from.empty() ? to : replaced(t, from, to));
    CHECK_THAT(error, Catch::Contains(message));
    CHECK_THAT(error, Catch::StartsWith("t.json:"));
}

TEST_CASE("Trace JSON: escapes read back as the writer's characters", "[trace_json]") {
    const Loaded l = load(kEither);
    const std::string t =
        replaced(trace_of(l), "\"m.sd\"", "\"\\u00e9\\ud83d\\ude00\\/\\n\\u0001\"");
    std::string error;
    const std::optional<machine::TraceFile> f = machine::parse_trace_json_text("t.json", t, error);
    REQUIRE(f);
    CHECK(f->context.model == "\xc3\xa9\xf0\x9f\x98\x80/\n\x01");
}

TEST_CASE("Replay: a step that differs from the recorded one stops the replay", "[trace_json]") {
    const Loaded l = load(kEither);
    const std::string t = trace_of(l);
    REQUIRE(replay_text(l, t).confirmed);
    const auto [from, to, why] = GENERATE(table<std::string, std::string, std::string>({
        {"\"cpu\": 1", "\"cpu\": 0", "it runs on another CPU"},
        {"\"kind\": \"program\"", "\"kind\": \"hardware\"", "its kind differs"},
        {"\"name\": \"process\"", "\"name\": \"flush\"", "its name differs"},
        {"\"location\": \"m.sd:11\"", "\"location\": \"m.sd:9\"", "its location differs"},
        {"\"location\": \"m.sd:11\"", "\"location\": \"other.sd:11\"", "its location differs"},
        {"\"WRITE_ONCE(x, 2);\"", "\"WRITE_ONCE(x, 1);\"", "its source line differs"},
        {"\"x := 2\"", "\"x := 1\"", "its event 1 differs: `x := 1` recorded, `x := 2` now"},
        {"{\"text\": \"x := 2\"}", "{\"text\": \"x := 2\"}, {\"text\": \"y := 1\"}",
         "it has 1 events, the trace records 2"},
        {"\"ordinal\": 1", "\"ordinal\": 7",
         "step 1 does not exist in this model (it has 3 possible steps there, the trace takes "
         "number 7)"},
        {"\"invariant small\"", "\"invariant big\"",
         "the trace's property `invariant big` is not an invariant of this model (it has "
         "`invariant small`)"},
        {"\"kind\": \"invariant\"", "\"kind\": \"step\"",
         "the trace's property `invariant small` is not"},
        {"\"kind\": \"invariant\"", "\"kind\": \"deadlock\"",
         "a deadlock trace names the property"},
        {"\"initial\": 0", "\"initial\": 1", "an initial state the model does not have"},
    }));
    CAPTURE(from, to);
    const machine::ReplayResult r = replay_text(l, replaced(t, from, to));
    CHECK_FALSE(r.replayed);
    CHECK_FALSE(r.confirmed);
    CHECK_THAT(r.message, Catch::Contains(why));
}

TEST_CASE("Replay: swapped branches and another memory model are caught", "[trace_json]") {
    const Loaded l = load(kEither);
    const std::string t = trace_of(l);
    std::string swapped = replaced(kEither, "x, 1", "x, 9");
    swapped = replaced(replaced(swapped, "x, 2", "x, 1"), "x, 9", "x, 2");
    const machine::ReplayResult r = replay_text(load(swapped), t);
    CHECK_FALSE(r.replayed);
    CHECK(r.message == "step 1 is not the recorded one: its source line differs\n"
                       "  recorded: CPU1 program `process` at m.sd:11 | WRITE_ONCE(x, 2);\n"
                       "            events: x := 2\n"
                       "  now:      CPU1 program `process` at m.sd:11 | WRITE_ONCE(x, 1);\n"
                       "            events: x := 1");
    const machine::ReplayResult tso = replay_text(load(kEither, ir::MemoryModel::TSO), t);
    CHECK_FALSE(tso.replayed);
    CHECK_THAT(tso.message,
               Catch::Contains("its event 1 differs: `x := 2` recorded, `x := 2 (buffered)` now"));
}

TEST_CASE("Replay: a trace that replays exactly without the violation is not confirmed",
          "[trace_json]") {
    const Loaded l = load(kEither);
    const std::string t = trace_of(l);
    LoadOptions o;
    o.params = {{"LIMIT", 2}};
    const LoadResult loaded = load_model_text("m.sd", kEither, o);
    REQUIRE(loaded.program);
    const machine::Machine relaxed(*loaded.program);
    std::string error;
    const std::optional<machine::TraceFile> f = machine::parse_trace_json_text("t.json", t, error);
    REQUIRE(f);
    const machine::ReplayResult r = machine::replay(relaxed, *f);
    CHECK(r.replayed);
    CHECK_FALSE(r.confirmed);
    CHECK(r.message == "the trace replays exactly, but does not end in a violation of invariant "
                       "small");
}

TEST_CASE("Trace JSON: hostile sizes cost a bounded diagnostic", "[trace_json]") {
    const Loaded l = load(kEither);
    const std::string t = trace_of(l);
    std::string params;
    for (int i = 0; i < 257; ++i)
        params += fmt::format("\"P{}\": {}, ", i, i);
    CHECK_THAT(parse_error(replaced(t, "\"params\": {", "\"params\": {" + params)),
               Catch::Contains("error: `params` has more than 256 parameters"));
    std::string events;
    for (int i = 0; i < 100000; ++i)
        events += "{\"text\": \"x := 2\"}, ";
    const machine::ReplayResult r =
        replay_text(l, replaced(t, "\"events\": [", "\"events\": [" + events));
    CHECK_FALSE(r.replayed);
    CHECK_THAT(r.message, Catch::Contains("it has 1 events, the trace records 100001"));
    CHECK_THAT(r.message, Catch::Contains("; ... (100001 events in all)"));
    CHECK(r.message.size() < 4000);
}
