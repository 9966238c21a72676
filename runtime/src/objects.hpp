// Internal heap objects: closures and the cells that hold captured variables.
#pragma once

#include <vector>

#include "ast.hpp"
#include "ilusm/value.hpp"

namespace ilusm {

// A variable captured by a closure (shared by the defining frame and the closure).
struct Cell : Object {
  Cell() : Object(Type::Cell) {}
  Value v;
  void trace(Visit visit, void* ctx) override {
    if (v.is_heap()) visit(v.obj(), ctx);
  }
  void clear() override { v = Value(); }
};

struct Closure : Object {
  explicit Closure(FuncProto* p) : Object(Type::Fun), proto(p) {}
  FuncProto* proto;
  std::vector<Value> upvals;  // cells
  void trace(Visit visit, void* ctx) override {
    for (auto& u : upvals) visit(u.obj(), ctx);
  }
  void clear() override { upvals.clear(); }
};

Value make_cell(Value v);
Value make_closure(FuncProto* p);

}  // namespace ilusm
