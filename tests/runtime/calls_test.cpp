// Built-in calls (plain entries, arguments as a view into the value stack)
// and recycled obj storage.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "gc.hpp"
#include "helpers.hpp"

namespace {

using ilusm::Args;
using ilusm::Interp;
using ilusm::Value;
using ilusm::test::Captured;

TEST(BifCalls, ArgumentsStayValidWhileTheBuiltinRunsDeepScriptCode) {
  // The built-in's arguments are a view into the value stack (no copy). While
  // it runs, a callback recurses 2,000 deep, filling the stack far above them
  // and building strs: the view stays valid (the stack never moves).
  Captured c;
  c.in.define(
      "around",
      [](Interp& in, Args a) {
        Value depth(int64_t{2000});
        Value r = in.call(a[0], Args(&depth, 1));
        return ilusm::make_str(a[1].as_string() + "/" + a[2].as_string() + "/" + r.to_display());
      },
      3, 3);
  EXPECT_EQ(c.run("deep(n) = if n == 0: \"x\" | \"y\" + deep(n - 1)\n"
                  "r = around(\\(n) len(deep(n)), \"a\" + \"b\", str(42))\nprn r"),
            "ab/42/2001\n");
}

TEST(BifCalls, ArgumentsStayValidWhenTheBuiltinGrowsTheListTheyCameFrom) {
  // The arguments were read out of a list; the built-in grows that list
  // (reallocating its items) and then reads them: they are the value stack's.
  Captured c;
  c.in.define(
      "grow_then_read",
      [](Interp&, Args a) {
        auto& items = a[0].as<ilusm::List>()->items;
        for (int i = 0; i < 1000; ++i) items.push_back(ilusm::make_str("filler"));
        items.clear();
        items.shrink_to_fit();
        return ilusm::make_str(a[1].as_string() + a[2].as_string());
      },
      3, 3);
  EXPECT_EQ(c.run("l = [\"he\" + \"l\", \"lo\" + \"!\"]\nprn grow_then_read(l, l[0], l[1])\nprn len(l)"),
            "hello!\n0\n");
}

TEST(BifCalls, InterpCallCopiesArgumentsAHostContainerMayChange) {
  // Interp::call's span belongs to the host: the built-in may resize the very
  // vector it points into, so the arguments are copied onto the value stack.
  Captured c;
  std::vector<Value> host{ilusm::make_str("kept"), Value(int64_t{7})};
  c.in.define(
      "resize_host",
      [&host](Interp&, Args a) {
        host.assign(5000, Value());  // reallocates: the span passed in now dangles
        return ilusm::make_str(a[0].as_string() + std::to_string(a[1].as_int()));
      },
      2, 2);
  Value r = c.in.call(c.in.get("resize_host"), Args(host.data(), 2));
  EXPECT_EQ(r.as_string(), "kept7");
  EXPECT_EQ(host.size(), 5000u);
}

struct Doubler {
  int64_t factor;
};

Value scale(Interp&, Args a, const void* ctx) {
  return Value(ilusm::arg_int(a, 0, "scale") * static_cast<const Doubler*>(ctx)->factor);
}

TEST(BifCalls, ModuleEntriesAreCalledWithTheirContextWhichTheBifKeepsAlive) {
  auto ctx = std::make_shared<const Doubler>(Doubler{3});
  std::weak_ptr<const Doubler> watch = ctx;
  Value kept;
  {
    Captured c;
    c.in.register_module({"sc", {ilusm::ModuleFn{"scale", {}, 1, 1, {"times"}, scale, std::move(ctx)}}});
    EXPECT_EQ(c.run("use sc\nprn scale(14)\nprn sc.times(5)"), "42\n15\n");
    EXPECT_EQ(c.error("scale(1, 2)"), "scale() takes 1 argument, got 2");
    EXPECT_EQ(c.located("x = 1\nscale(\"a\")"), "2:6 scale: argument 1 must be an integer, got str");
    kept = c.in.get("scale");
  }
  // The Bif outlives the interpreter and still owns its context.
  EXPECT_FALSE(watch.expired());
  kept = Value();
  EXPECT_TRUE(watch.expired());
}

TEST(BifCalls, ErrorsFromBuiltinsAreLocatedAtTheCall) {
  Captured c;
  EXPECT_EQ(c.located("x = 1\ny = len(1)"), "2:8 len: expected a str, lst, obj or bin, got num");
  EXPECT_EQ(c.located("x = 1\nprn(len())"), "2:8 len() takes 1 argument, got 0");
}

TEST(ObjPool, ADroppedObjIsReusedEmpty) {
  Captured c;
  c.run("o = {a: 1, b: \"two\", c: [3]}\no = nil");
  size_t pooled = ilusm::obj_pool_size();
  EXPECT_GE(pooled, 1u);
  // The next obj comes from the pool and has none of the old fields.
  EXPECT_EQ(c.run("n = {}\nprn n\nprn n.a\nn.z = 26\nprn n"), "{}\nnil\n{z: 26}\n");
  EXPECT_EQ(ilusm::obj_pool_size(), pooled - 1);
}

TEST(ObjPool, AHeldObjIsNeverRecycled) {
  Captured c;
  c.run("keep = {name: \"kept\"}\ni = 0\nwhl i < 500:\n  t = {i: i}\n  i = i + 1");
  EXPECT_EQ(c.run("prn keep\nprn t"), "{name: \"kept\"}\n{i: 499}\n");
}

struct Counted : ilusm::Resource {
  int* finalized;
  explicit Counted(int* f) : finalized(f) {}
  ~Counted() override { ++*finalized; }
};

TEST(ObjPool, RecycledObjsStillFinalizeTheirResourceWhenUnreachable) {
  int finalized = 0;
  Captured c;
  c.in.define(
      "mk", [&](Interp&, Args) { return ilusm::make_resource_obj(std::make_unique<Counted>(&finalized)); }, 0, 0);
  // Plain drops (reference counting) and a cycle (the collector), many times
  // over so that recycled objs carry resources too.
  c.run("i = 0\nwhl i < 300:\n  h = mk()\n  i = i + 1\nh = nil");
  EXPECT_EQ(finalized, 300);
  c.run("i = 0\nwhl i < 300:\n  h = mk()\n  h.me = h\n  i = i + 1\nh = nil");
  c.in.collect_garbage();
  EXPECT_EQ(finalized, 600);
  EXPECT_EQ(c.run("o = {}\nprn o"), "{}\n");
}

// A resource that asks to be kept with its obj (Resource::keep_with) while
// the obj holds only its one field; it counts what it released.
struct Keepable : ilusm::Resource {
  int* released;
  explicit Keepable(int* r) : released(r) {}
  bool keep_with(ilusm::Obj& o) override {
    if (o.fields.size() != 1) return false;
    ++*released;
    o.fields[0].second.reset();
    return true;
  }
};

TEST(ObjPool, AResourceMayKeepItsDroppedObjWhole) {
  int released = 0;
  Captured c;
  c.in.define(
      "mk",
      [&](Interp&, Args) {
        Value o = ilusm::make_resource_obj(std::make_unique<Keepable>(&released));
        o.as<ilusm::Obj>()->set("k", Value(int64_t{1}));
        return o;
      },
      0, 0);
  size_t kept = ilusm::obj_pool_kept_size();
  c.run("h = mk()\nh.k = [1, 2]\nh = nil");
  ASSERT_EQ(ilusm::obj_pool_kept_size(), kept + 1);
  EXPECT_EQ(released, 1);
  EXPECT_EQ(ilusm::obj_pool_take_kept(typeid(Counted)), nullptr);  // another kind: left alone
  ilusm::Obj* o = ilusm::obj_pool_take_kept(typeid(Keepable));
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(ilusm::obj_pool_kept_size(), kept);
  ASSERT_EQ(o->fields.size(), 1u);  // the key stays, the value was released
  EXPECT_EQ(o->fields[0].first.as_string(), "k");
  EXPECT_TRUE(o->fields[0].second.is_nil());
  delete o;  // not tracked, no references: plain delete
  // With another field it is not kept: the resource is destroyed as usual.
  c.run("h = mk()\nh.x = 2\nh = nil");
  EXPECT_EQ(ilusm::obj_pool_kept_size(), kept);
  EXPECT_EQ(released, 1);
}

}  // namespace
