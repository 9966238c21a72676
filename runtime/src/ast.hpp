// The syntax tree the evaluator walks. One generic node type keeps the
// parser and evaluator short; names are resolved to slots before running.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ilusm/value.hpp"

namespace ilusm {

// clang-format off
enum class K : uint8_t {
  // expressions
  Const,      // value
  Name,       // unresolved identifier (name)
  Local,      // frame slot (slot)
  LocalCell,  // frame slot holding a captured cell (slot)
  Upval,      // closure cell (slot)
  Global,     // interpreter global (slot)
  List,       // kids = items, or key_values = the items when all are literals
  Object,     // keys = field names, kids = values
  Interp,     // kids = parts (each stringified and joined)
  Lambda,     // fn
  Call,       // a = callee, kids = args
  Index,      // a[b]
  Field,      // a.name
  OptIndex,   // a?[b]
  OptField,   // a?.name
  Binary,     // op, a, b
  Neg,        // -a
  Not,        // !a
  And, Or,    // a and b, a or b
  Range,      // a..b (a list outside loops)
  If,         // kids = [cond, body, cond, body, ...], c = else (may be null)
  Mat,        // a = subject, kids = patterns (null = _), bodies = arm bodies
  Block,      // kids = statements; value of the last one
  // statements
  Assign,     // a = target, b = value
  Def,        // a = target (name), b = value
  Destruct,   // keys = names, kids = targets, b = value, op = 0 obj / 1 list
  While,      // a = cond, b = body
  For,        // a = variable target, b = iterable, c = body
  Break, Continue,
  Return,     // a = value or null
  Use,        // name = module or path, op = 1 for a path
};
// clang-format on

enum class Op : uint8_t { None, Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge };

struct Chunk;
struct FuncProto;

struct Node {
  K k;
  Op op = Op::None;
  int line = 0, col = 0;
  int32_t slot = -1;
  Node* a = nullptr;
  Node* b = nullptr;
  Node* c = nullptr;
  std::vector<Node*> kids;
  std::vector<Node*> bodies;
  std::vector<std::string> keys;
  std::vector<Value> key_values;  // keys as str values (object literal, destructuring, fields)
  std::string name;
  Value value;  // Const; Field: the field name as a str
  FuncProto* fn = nullptr;
  bool stage_fallback = false;   // a pipeline stage name: falls back to trl when undefined
  const Chunk* chunk = nullptr;  // for error locations
};

// Where a closure finds a captured variable when it is created.
struct UpvalDesc {
  bool from_local;  // the enclosing frame's slot, or the enclosing closure's upvalue
  int index;
};

struct FuncProto {
  std::string name;  // "" for lambdas
  std::vector<std::string> params;
  Node* body = nullptr;
  int nslots = 0;
  std::vector<int> captured;  // slots that hold cells (captured by inner closures)
  std::vector<UpvalDesc> upvals;
  Chunk* chunk = nullptr;
  int line = 0, col = 0;
};

// A parsed unit of source. The interpreter keeps chunks alive for its lifetime.
struct Chunk {
  std::string file;
  std::string dir;  // for `use "path"` relative to this file
  size_t env = 0;   // the global namespace its names were resolved in
  std::string source;
  std::vector<std::unique_ptr<Node>> nodes;
  std::vector<std::unique_ptr<FuncProto>> protos;
  FuncProto* main = nullptr;  // top-level code

  Node* node(K k, int line, int col) {
    nodes.push_back(std::make_unique<Node>());
    Node* n = nodes.back().get();
    n->k = k;
    n->line = line;
    n->col = col;
    n->chunk = this;
    return n;
  }
  FuncProto* proto() {
    protos.push_back(std::make_unique<FuncProto>());
    protos.back()->chunk = this;
    return protos.back().get();
  }
  std::string line_text(int line) const;
};

}  // namespace ilusm
