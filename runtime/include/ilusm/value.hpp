// ilusm values: a small tagged Value (16 bytes) that owns a reference to a
// heap Object when it holds a string, list, object, function or byte buffer.
// Heap objects are reference counted; containers (lst, obj, closures and
// their captured cells) are also tracked by a cycle collector (gc.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

namespace ilusm {

class Interp;
class Value;

// Order matters: everything from Str on lives on the heap.
enum class Type : uint8_t { Undef, Nil, Bool, Int, Double, Str, List, Obj, Fun, Bif, Bin, Cell };

struct Object;
using Visit = void (*)(Object*, void* ctx);

// Base of every heap value. `refs` counts Values (and C++ owners) pointing here.
struct Object {
  explicit Object(Type t) : type(t) {}
  virtual ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;

  // Containers report the objects they hold (cycle collector) and can drop them.
  virtual void trace(Visit, void*) {}
  virtual void clear() {}

  uint32_t refs = 0;
  Type type;
  bool tracked = false;  // linked into the collector's list
  intptr_t gc_refs = 0;  // scratch for the collector
  Object* gc_prev = nullptr;
  Object* gc_next = nullptr;
};

void destroy_object(Object* o);  // called when refs drops to 0

class Value {
 public:
  Value() : t_(Type::Nil), i_(0) {}
  Value(bool b) : t_(Type::Bool), i_(b) {}
  Value(int v) : t_(Type::Int), i_(v) {}
  Value(int64_t v) : t_(Type::Int), i_(v) {}
  Value(double d) : t_(Type::Double), d_(d) {}
  Value(const char* s);       // a new str
  Value(std::string_view s);  // a new str
  Value(const std::string& s) : Value(std::string_view(s)) {}
  explicit Value(Object* o) : t_(o->type), o_(o) { ++o->refs; }  // adopts one more reference

  static Value undef() {
    Value v;
    v.t_ = Type::Undef;
    return v;
  }
  static Value nil() { return Value(); }

  Value(const Value& v) : t_(v.t_), i_(v.i_) {
    if (is_heap()) ++o_->refs;
  }
  Value(Value&& v) noexcept : t_(v.t_), i_(v.i_) { v.t_ = Type::Nil; }
  Value& operator=(const Value& v) {
    if (v.is_heap()) ++v.o_->refs;
    release();
    t_ = v.t_;
    i_ = v.i_;
    return *this;
  }
  Value& operator=(Value&& v) noexcept {
    if (this != &v) {
      release();
      t_ = v.t_;
      i_ = v.i_;
      v.t_ = Type::Nil;
    }
    return *this;
  }
  ~Value() { release(); }
  void reset() {
    release();
    t_ = Type::Nil;
  }  // = nil

  Type type() const { return t_; }
  bool is_heap() const { return t_ >= Type::Str; }
  bool is_undef() const { return t_ == Type::Undef; }
  bool is_nil() const { return t_ == Type::Nil; }
  bool is_bool() const { return t_ == Type::Bool; }
  bool is_int() const { return t_ == Type::Int; }
  bool is_double() const { return t_ == Type::Double; }
  bool is_num() const { return t_ == Type::Int || t_ == Type::Double; }
  bool is_str() const { return t_ == Type::Str; }
  bool is_list() const { return t_ == Type::List; }
  bool is_obj() const { return t_ == Type::Obj; }
  bool is_fun() const { return t_ == Type::Fun; }
  bool is_bif() const { return t_ == Type::Bif; }
  bool is_callable() const { return t_ == Type::Fun || t_ == Type::Bif; }
  bool is_bin() const { return t_ == Type::Bin; }

  bool as_bool() const { return i_ != 0; }
  int64_t as_int() const { return i_; }
  double as_double() const { return d_; }
  double as_number() const { return t_ == Type::Int ? double(i_) : d_; }
  Object* obj() const { return o_; }
  template <class T>
  T* as() const {
    return static_cast<T*>(o_);
  }

  // Falsy: fls, nil, 0, "", [] (docs/language.md). Everything else is truthy.
  bool truthy() const;
  // Type name as `typ` reports it: num str lst obj bol nil fun bif bin.
  const char* type_name() const;
  // Display form (prn/str): strings raw, containers with quoted strings.
  std::string to_display() const;
  // Representation form (inside containers, REPL echo): strings quoted.
  std::string to_repr() const;
  // Convenience accessors for hosts; they throw ilusm::Error on a wrong type.
  const std::string& as_string() const;

 private:
  void release() {
    if (is_heap() && --o_->refs == 0) destroy_object(o_);
  }
  Type t_;
  union {
    int64_t i_;
    double d_;
    Object* o_;
  };
};

bool values_equal(const Value& a, const Value& b);

// A UTF-8 string. `runes` caches the code point count; ascii strings index in O(1).
struct Str : Object {
  explicit Str(std::string s);
  std::string s;
  size_t runes;
  bool ascii;
};

struct List : Object {
  List() : Object(Type::List) {}
  std::vector<Value> items;
  void trace(Visit, void*) override;
  void clear() override { items.clear(); }
};

// A C++ resource attached to an obj (a native handle). Its destructor is the
// finalizer: it runs when the obj becomes unreachable. Retrieve it with
// resource_of<T>(value), which checks the dynamic type, so a script-made obj
// with the same fields is rejected.
struct Obj;
struct Resource {
  Resource() = default;
  virtual ~Resource() = default;
  // Set by a resource type that is tested on a hot path (jit_region_of, once
  // per JIT call): one load from the resource instead of RTTI's chain
  // (vtable, type_info, name). The address of an object that type owns.
  const void* const tag = nullptr;
  // The obj holding it was dropped (its last reference): a resource may
  // release what it holds and return true to keep itself and the obj's field
  // keys for the next obj of its kind (obj_pool_take_kept); false frees it.
  virtual bool keep_with(Obj&) { return false; }

 protected:
  explicit Resource(const void* type_tag) : tag(type_tag) {}
};

// An insertion-ordered string-keyed map. Small objects search linearly.
struct Obj final : Object {  // final: obj storage is recycled (obj_pool.cpp)
  Obj() : Object(Type::Obj) {}
  std::vector<std::pair<Value, Value>> fields;  // key is always a str
  std::unique_ptr<Resource> resource;
  Value* find(std::string_view key);
  const Value* find(std::string_view key) const;
  void set(std::string_view key, Value v);
  void set_key(const Value& key, Value v);  // key: a str value (shared, not copied)
  bool remove(std::string_view key);
  Value get(std::string_view key) const;  // nil when missing
  void trace(Visit, void*) override;
  void clear() override {
    fields.clear();
    resource.reset();
  }
};

// A byte buffer, or a view into another bin's bytes (`base` keeps them alive).
struct Bin : Object {
  Bin() : Object(Type::Bin) {}
  std::vector<uint8_t> bytes;  // owned bytes when base is null
  Value base;                  // a Bin this one views, or nil
  size_t offset = 0, length = 0;
  // JIT calls running with the address of these bytes (asm's asmca2/3/4, ras
  // calls): while non-zero the bytes must not move, so nothing may resize them.
  uint32_t pins = 0;
  // Made writable on purpose (asm's asmbn/asmpk): scripts may store into it.
  // Other bins are values a script never changes.
  bool writable = false;
  const uint8_t* data() const;
  size_t size() const;
  // The bin that owns the bytes (this one, or the one a view looks into).
  Bin& owner() { return base.is_nil() ? *this : *base.as<Bin>(); }
};

using Args = std::span<const Value>;
using NativeFn = std::function<Value(Interp&, Args)>;
// A built-in's entry point as a plain function pointer and a context pointer
// (what the function needs, e.g. a table entry): the interpreter calls it
// directly. The arguments are a view into the value stack, which never moves
// (a built-in that runs script code, however deep, cannot invalidate them).
using BifEntry = Value (*)(Interp&, Args, const void* ctx);

// A built-in (C++) function. Arity -1 = any number of arguments.
struct Bif : Object {
  Bif(std::string n, NativeFn f, int min, int max);
  // ctx_owner keeps *ctx alive as long as the Bif.
  Bif(std::string n, BifEntry e, std::shared_ptr<const void> ctx_owner, int min, int max);
  std::string name;
  NativeFn fn;     // as given to make_bif (empty for an entry Bif)
  BifEntry entry;  // what a call runs: fn's target or a trampoline into fn
  const void* ctx;
  std::shared_ptr<const void> ctx_owner;
  int min_args, max_args;
  Value call(Interp& in, Args a) const { return entry(in, a, ctx); }
};

// Constructors for heap values.
Value make_str(std::string s);
Value make_list(std::vector<Value> items = {});
Value make_obj();
Value make_obj(std::initializer_list<std::pair<std::string_view, Value>> fields);
Value make_bin(std::vector<uint8_t> bytes);
Value make_bin_view(const Value& base, size_t offset, size_t length);

// Bins pinned on this thread (Bin::pins summed): 0 except while a JIT call
// that was given bin addresses runs, so a resize tests this first.
extern constinit thread_local uint32_t t_bin_pins;

// The bins whose addresses one JIT call was given: each owner is held (alive)
// and pinned (its bytes cannot move) until this object is destroyed.
class BinPins {
 public:
  static constexpr size_t kMax = 16;  // more than the argument registers of a call
  BinPins() {}
  BinPins(const BinPins&) = delete;
  BinPins& operator=(const BinPins&) = delete;
  ~BinPins() {
    if (n_ == 0) [[likely]]
      return;  // no bins (the common call): nothing to release
    for (size_t k = 0; k < n_; ++k) {
      --held_[k].as<Bin>()->pins;
      held_[k].~Value();
    }
    t_bin_pins -= static_cast<uint32_t>(n_);
  }
  // The address of bin b's bytes, valid until this object is destroyed.
  uintptr_t pin(const Value& b) {
    Bin& owner = b.as<Bin>()->owner();
    new (&held_[n_++]) Value(static_cast<Object*>(&owner));
    ++owner.pins;
    ++t_bin_pins;
    return reinterpret_cast<uintptr_t>(b.as<Bin>()->data());
  }
  size_t size() const { return n_; }

 private:
  union {
    Value held_[kMax];
  };
  size_t n_ = 0;
};
Value make_bif(std::string name, NativeFn fn, int min_args = 0, int max_args = -1);
Value make_bif(std::string name, BifEntry entry, std::shared_ptr<const void> ctx, int min_args = 0, int max_args = -1);

// Attach a resource to a (new) obj; the obj owns it.
Value make_resource_obj(std::unique_ptr<Resource> r);
template <class T>
T* resource_of(const Value& v) {
  if (!v.is_obj() || !v.as<Obj>()->resource) return nullptr;
  return dynamic_cast<T*>(v.as<Obj>()->resource.get());
}

// Conversions from C++.
inline Value to_value(const std::vector<Value>& xs) { return make_list(xs); }
std::string format_number(double d);

}  // namespace ilusm
