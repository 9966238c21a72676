// The embedding API: run code, globals both ways, natives, calling ilusm from
// C++, output capture, modules (use NAME, use "file"), capabilities.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "helpers.hpp"

namespace ilusm {
namespace {

using test::Captured;
namespace fs = std::filesystem;

TEST(Embed, RunStringReturnsTheLastValue) {
  Interp in;
  EXPECT_EQ(in.run_string("x = 20\nx + 22").as_int(), 42);
  EXPECT_TRUE(in.run_string("x = 1").is_nil());
}

TEST(Embed, GlobalsBothWays) {
  Captured c;
  c.in.set("n", Value(41));
  c.in.set("name", Value("ilusm"));
  c.in.set("xs", make_list({Value(1), Value(2.5), Value(true)}));
  EXPECT_EQ(c.run("prn(n + 1, name, xs)\nout = {k: [1, \"two\"]}"), "42 ilusm [1, 2.5, tru]\n");
  Value out = c.in.get("out");
  ASSERT_TRUE(out.is_obj());
  Value k = out.as<Obj>()->get("k");
  ASSERT_TRUE(k.is_list());
  EXPECT_EQ(k.as<List>()->items[1].as_string(), "two");
  EXPECT_TRUE(c.in.get("nothing").is_nil());
  EXPECT_FALSE(c.in.has("nothing"));
}

TEST(Embed, NativeFunctionsWithArityAndErrors) {
  Captured c;
  c.in.define(
      "twice", [](Interp&, Args a) { return Value(arg_int(a, 0, "twice") * 2); }, 1, 1);
  EXPECT_EQ(c.run("prn twice(21)"), "42\n");
  EXPECT_EQ(c.located("x = 1\ny = twice(\"a\")"), "2:10 twice: argument 1 must be an integer, got str");
  EXPECT_EQ(c.error("twice(1, 2)"), "twice() takes 1 argument, got 2");
}

TEST(Embed, CallIlusmFunctionsFromCpp) {
  Captured c;
  c.run("add(a, b) = a + b\nboom() = err(\"bad\")");
  Value args[] = {Value(40), Value(2)};
  EXPECT_EQ(c.in.call_global("add", args).as_int(), 42);
  EXPECT_EQ(c.in.call(c.in.get("add"), args).as_int(), 42);
  EXPECT_THROW(c.in.call_global("boom", {}), Error);
  EXPECT_THROW(c.in.call_global("missing", {}), Error);
}

TEST(Embed, NativesCanCallBackIntoIlusm) {
  Captured c;
  c.in.define(
      "apply_all",
      [](Interp& in, Args a) {
        std::vector<Value> out;
        for (const Value& x : a[0].as<List>()->items) out.push_back(in.call(a[1], std::span<const Value>(&x, 1)));
        return make_list(std::move(out));
      },
      2, 2);
  EXPECT_EQ(c.run("prn apply_all([1, 2, 3], \\(x) x * x)"), "[1, 4, 9]\n");
  // A callback with the wrong arity is an ordinary error located at the native's call site.
  EXPECT_EQ(c.located("x = 1\nr = apply_all([1], \\(a, b) a)"), "2:14 lambda() takes 2 arguments, got 1");
}

TEST(Embed, GlobalSlotsAreStableAndSeeRemoval) {
  Captured c;
  int slot = c.in.global_slot("answer");
  EXPECT_TRUE(c.in.global(slot).is_undef());
  c.run("answer = 42");
  EXPECT_EQ(c.in.global(slot).as_int(), 42);
  c.in.remove("answer");
  EXPECT_TRUE(c.in.global(slot).is_undef());
  EXPECT_EQ(c.in.global_slot("answer"), slot);
}

TEST(Embed, ModulesBindFlatNamesAndANamespaceWithAliases) {
  Captured c;
  c.in.register_module(
      Module{"geo",
             {ModuleFn{"geoad",
                       [](Interp&, Args a) { return Value(arg_int(a, 0, "geoad") + arg_int(a, 1, "geoad")); },
                       2,
                       2,
                       {"add"}}},
             {{"geopi", Value(3)}}});
  EXPECT_EQ(c.error("prn geoad(1, 2)"), "undefined variable 'geoad'");
  EXPECT_EQ(c.run("use geo\nprn(geoad(1, 2), geo.geoad(3, 4), geo.add(5, 6), geopi, geo.geopi)"), "3 7 11 3 3\n");
  EXPECT_EQ(c.run("use geo\nprn 1"), "1\n");  // repeated use is ignored
  EXPECT_EQ(c.located("x = 1\nuse nosuch"), "2:1 unknown module 'nosuch'");
}

class EmbedFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("ilusm_embed_" + std::to_string(::getpid()));
    fs::create_directories(dir / "lib");
  }
  void TearDown() override { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }
  fs::path dir;
};

TEST_F(EmbedFiles, UseFileIsRelativeToTheImporterAndLoadedOnce) {
  write("main.ilu", "use \"lib/a.ilu\"\nuse \"lib/a.ilu\"\nprn greet(\"x\")\n");
  write("lib/a.ilu", "use \"b.ilu\"\nprn \"loading a\"\ngreet(n) = $\"hi {n}{suffix}\"\n");
  write("lib/b.ilu", "suffix = \"!\"\n");
  Captured c;
  c.in.run_file((dir / "main.ilu").string());
  EXPECT_EQ(c.out, "loading a\nhi x!\n");
}

TEST_F(EmbedFiles, UsedFilesSeeHostNamesButNotTheImportersGlobals) {
  write("main.ilu", "secret = 1\nuse \"lib/m.ilu\"\nprn(seen, peek)\n");
  write("lib/m.ilu", "seen = limit + 1\npeek = try(\\() secret).err\n");
  Captured c;
  c.in.set("limit", Value(41));
  c.in.run_file((dir / "main.ilu").string());
  EXPECT_EQ(c.out, "42 undefined variable 'secret'\n");
  EXPECT_EQ(c.in.get("seen").as_int(), 42);  // copied into the program's globals
}

TEST_F(EmbedFiles, ImportCyclesAreReported) {
  write("a.ilu", "use \"b.ilu\"\n");
  write("b.ilu", "use \"a.ilu\"\n");
  Captured c;
  try {
    c.in.run_file((dir / "a.ilu").string());
    FAIL() << "expected an import cycle error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("import cycle: "), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("a.ilu -> "), std::string::npos) << e.message();
    EXPECT_EQ(e.where().line, 1);
  }
}

TEST_F(EmbedFiles, ErrorsInsideImportedFilesPointThere) {
  write("main.ilu", "use \"lib/bad.ilu\"\n");
  write("lib/bad.ilu", "x = 1\ny = x.f.g\n");
  Captured c;
  try {
    c.in.run_file((dir / "main.ilu").string());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, (dir / "lib/bad.ilu").string());
    EXPECT_EQ(e.where().line, 2);
    EXPECT_NE(c.in.format_error(e).find("  y = x.f.g\n"), std::string::npos);
  }
  EXPECT_THROW(c.in.run_file((dir / "missing.ilu").string()), Error);
}

TEST(Embed, OutputCaptureAndArgs) {
  Captured c;
  c.in.set_args({"a", "b"});
  EXPECT_EQ(c.run("prn args\nprn()\nprn(1, \"two\")"), "[\"a\", \"b\"]\n\n1 two\n");
}

TEST(Embed, ValueConversions) {
  Value d(2.5), i(int64_t(7)), b(true), s("x");
  EXPECT_TRUE(d.is_num() && d.is_double());
  EXPECT_EQ(i.as_number(), 7.0);
  EXPECT_STREQ(b.type_name(), "bol");
  EXPECT_EQ(s.to_repr(), "\"x\"");
  EXPECT_EQ(make_bin({0xde, 0xad}).to_display(), "<bin de ad>");
  Value v = make_bin({1, 2, 3, 4});
  Value view = make_bin_view(v, 1, 2);
  EXPECT_EQ(view.to_display(), "<bin 02 03>");
  Captured c;
  c.in.set("b", view);
  EXPECT_EQ(c.run("prn(len(b), b[1], typ(b))\nx <- b: prn x"), "2 3 bin\n2\n3\n");
  EXPECT_EQ(c.error("x = b[2]"), "index 2 out of range for bin of length 2");
}

// Interp::interrupt() (what the REPL's SIGINT handler calls): the running
// code stops at its next loop iteration or call with Interrupted, which `try`
// does not catch; the request is consumed, so the next run goes normally.
TEST(Embed, InterruptStopsLoopsAndCallsThroughTry) {
  Captured c;
  int calls = 0;
  c.in.define(
      "tick",
      [&](Interp& in, Args) {
        if (++calls == 1000) in.interrupt();
        return Value();
      },
      0, 0);
  for (const char* code : {"whl tru: tick()", "i <- 0..100000000: tick()", "spin() = try(\\() tick())\nwhl tru: spin()",
                           "f(n) = if n == 0: 0 | tick() or f(n - 1)\nf(5000)"}) {
    calls = 0;
    try {
      c.in.run_string(code, "t.ilu");
      ADD_FAILURE() << "not interrupted: " << code;
    } catch (const Interrupted& e) {
      EXPECT_EQ(e.message(), "interrupted") << code;
      EXPECT_EQ(e.where().file, "t.ilu") << code;
    }
    EXPECT_EQ(calls, 1000) << code;
    EXPECT_FALSE(c.in.interrupt_flag().load());
  }
  EXPECT_EQ(c.run("prn 1 + 1"), "2\n");
}

TEST(Embed, GlobalNamesListsWhatIsBound) {
  Captured c;
  c.run("use trl\nanswer = 42");
  auto names = c.in.global_names();
  for (const char* n : {"answer", "prn", "trl", "map"})
    EXPECT_TRUE(std::find(names.begin(), names.end(), n) != names.end()) << n;
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

}  // namespace
}  // namespace ilusm
