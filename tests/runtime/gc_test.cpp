// Memory: reference counting frees values at once; the cycle collector frees
// cycles (self-referencing closures, lists and objects that contain
// themselves); resources attached to objs are finalized when unreachable.
#include <gtest/gtest.h>

#include "helpers.hpp"

namespace ilusm {
namespace {

using test::Captured;

struct Counted : Resource {
  explicit Counted(int* c) : counter(c) {}
  ~Counted() override { ++*counter; }
  int* counter;
};

TEST(Gc, SelfReferencingClosureIsCollected) {
  Captured c;
  c.run("mk() =\n  f = \\(n) if n == 0: 0 | f(n - 1)\n  f");
  c.in.collect_garbage();
  size_t before = c.in.live_objects();
  c.run("g = mk()\nprn g(3)\ng = nil");
  EXPECT_GT(c.in.live_objects(), before);  // the closure/cell cycle survives refcounting
  EXPECT_GT(c.in.collect_garbage(), 0u);
  EXPECT_EQ(c.in.live_objects(), before);
}

TEST(Gc, ContainersThatContainThemselvesAreCollected) {
  Captured c;
  c.in.collect_garbage();
  size_t before = c.in.live_objects();
  c.run("a = []\na = a + [1]\nb = {}\nb.self = b\nxs = [1]\nxs[0] = xs\nprn len(xs)\nb = nil\nxs = nil");
  c.in.collect_garbage();
  EXPECT_EQ(c.in.live_objects(), before + 1);  // only `a` (no cycle) stays
}

TEST(Gc, ReachableValuesSurviveACollection) {
  Captured c;
  c.run("o = {k: [1, 2]}\no.me = o\nf = \\() o.k");
  c.in.collect_garbage();
  EXPECT_EQ(c.run("prn f()"), "[1, 2]\n");
}

TEST(Gc, LoopsCollectCyclesAsTheyGo) {
  Captured c;
  c.in.collect_garbage();
  size_t before = c.in.live_objects();
  c.run("i <- 1..50000:\n  o = {}\n  o.me = o\n");
  EXPECT_LT(c.in.live_objects(), before + 30000);  // collections ran during the loop
}

TEST(Gc, ResourceFinalizerRunsWhenTheObjIsUnreachable) {
  int finalized = 0;
  {
    Captured c;
    c.in.define(
        "mk", [&](Interp&, Args) { return make_resource_obj(std::make_unique<Counted>(&finalized)); }, 0, 0);
    c.run("h = mk()\nh.me = h\nh = nil\nk = mk()");
    EXPECT_EQ(finalized, 0);
    c.in.collect_garbage();
    EXPECT_EQ(finalized, 1);  // the cyclic one; k is still reachable
  }
  EXPECT_EQ(finalized, 2);  // the interpreter's destruction releases k
}

TEST(Gc, FreeingDeeplyNestedValuesDoesNotRecurse) {
  Captured c;
  EXPECT_EQ(c.run("x = []\ni <- 1..300000: x = [x]\nx = nil\nprn 1"), "1\n");
}

TEST(Gc, ComparingCyclicValuesIsAnErrorNotACrash) {
  Captured c;
  EXPECT_EQ(c.error("a = [0]\na[0] = a\nb = [0]\nb[0] = b\nprn a == b"), "== on values nested too deeply (or cyclic)");
  EXPECT_EQ(c.run("prn a == a"), "tru\n");
}

// Each interpreter has its own heap, also when two share a thread: counts,
// collections and thresholds are per interpreter (gc.hpp).
TEST(Gc, TwoInterpretersOnOneThreadHaveTheirOwnHeaps) {
  Captured a, b;
  a.in.collect_garbage();
  b.in.collect_garbage();
  size_t a_before = a.in.live_objects(), b_before = b.in.live_objects();
  a.run("keep = []\ni <- 1..100: keep = keep + [[i]]\no = {}\no.me = o\no = nil");
  EXPECT_GE(a.in.live_objects(), a_before + 101);
  EXPECT_EQ(b.in.live_objects(), b_before);  // a's containers are not b's
  EXPECT_EQ(b.in.collect_garbage(), 0u);     // nor is a's garbage
  EXPECT_EQ(a.in.collect_garbage(), 1u);     // the obj cycle
  b.run("c = {}\nc.me = c");
  EXPECT_EQ(b.in.live_objects(), b_before + 1);
  EXPECT_GE(a.in.live_objects(), a_before + 101);
  // b's loop collects b's cycles as it goes, never a's containers.
  size_t a_now = a.in.live_objects();
  b.run("i <- 1..50000:\n  o = {}\n  o.me = o\n");
  EXPECT_LT(b.in.live_objects(), b_before + 30000);
  EXPECT_EQ(a.in.live_objects(), a_now);
}

// An interpreter whose native runs another interpreter: what the inner one
// makes is the inner one's.
TEST(Gc, NestedInterpreterCallsUseTheInnerHeap) {
  Captured outer, inner;
  inner.in.collect_garbage();
  size_t inner_before = inner.in.live_objects();
  outer.in.define(
      "inner", [&](Interp&, Args) { return inner.in.run_string("made = [[1], [2]]\n7"); }, 0, 0);
  outer.in.collect_garbage();
  size_t outer_before = outer.in.live_objects();
  EXPECT_EQ(outer.run("x = inner()\nys = [x]\nprn ys"), "[7]\n");
  EXPECT_EQ(inner.in.live_objects(), inner_before + 3);
  EXPECT_EQ(outer.in.live_objects(), outer_before + 1);
}

// A value a host keeps after its interpreter is gone stays valid (it moves
// to the thread's heap) and is freed when the host drops it.
TEST(Gc, ValuesOutliveTheirInterpreter) {
  int finalized = 0;
  Value kept;
  {
    Captured c;
    c.in.define(
        "mk", [&](Interp&, Args) { return make_resource_obj(std::make_unique<Counted>(&finalized)); }, 0, 0);
    c.run("r = mk()\nxs = [r, [1, 2]]\nxs[1] = xs");
    kept = c.in.get("xs");
  }
  EXPECT_EQ(finalized, 0);
  Captured other;
  EXPECT_EQ(other.in.collect_garbage(), 0u);  // reachable from the host: kept
  ASSERT_TRUE(kept.is_list());
  EXPECT_EQ(kept.as<List>()->items.size(), 2u);
  kept = Value();
  EXPECT_EQ(other.in.collect_garbage(), 2u);  // the self-referencing list and r, through the thread's heap
  EXPECT_EQ(finalized, 1);
}

TEST(Gc, ResourceLookupIsTypeChecked) {
  int n = 0;
  Value real = make_resource_obj(std::make_unique<Counted>(&n));
  Value fake = make_obj({{"addr", Value(1)}});
  EXPECT_NE(resource_of<Counted>(real), nullptr);
  EXPECT_EQ(resource_of<Counted>(fake), nullptr);
  EXPECT_EQ(resource_of<Counted>(Value(5)), nullptr);
}

}  // namespace
}  // namespace ilusm
