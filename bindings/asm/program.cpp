#include "program.hpp"
#include "functions.hpp"

#include <fmt/format.h>

#include <typeinfo>

namespace ilusm::asmmod {
namespace {

// p.b as an owned byte buffer (a view or a foreign value is replaced by a copy).
Bin& owned_bin(Obj& o) {
  Value* b = o.find("b");
  if (b && b->is_bin() && b->as<Bin>()->base.is_nil()) return *b->as<Bin>();
  std::vector<uint8_t> bytes;
  if (b && b->is_bin()) bytes.assign(b->as<Bin>()->data(), b->as<Bin>()->data() + b->as<Bin>()->size());
  o.set(std::string_view("b"), make_bin(std::move(bytes)));
  return *o.find("b")->as<Bin>();
}

}  // namespace

Program* program_of(const Value& v) {
  if (!v.is_obj()) return nullptr;
  Obj& o = *v.as<Obj>();
  if (o.resource) {  // an exact type test (nothing derives from Program): cheaper than dynamic_cast
    Resource* r = o.resource.get();
    return typeid(*r) == typeid(Program) ? static_cast<Program*>(r) : nullptr;
  }
  const Value* b = o.find("b");
  if (!b || !b->is_bin()) return nullptr;
  // A script-made {b: bin}: adopt its bytes as the start of the program.
  auto p = std::make_unique<Program>();
  const Bin& bin = *b->as<Bin>();
  p->a.embed({bin.data(), bin.size()});
  p->mirrored = bin.size();
  o.resource = std::move(p);
  return static_cast<Program*>(o.resource.get());
}

Value new_program() {
  Value v = make_resource_obj(std::make_unique<Program>());
  v.as<Obj>()->set(std::string_view("b"), make_bin({}));
  return v;
}

void sync(const Value& pv, Program& p) {
  Bin& b = owned_bin(*pv.as<Obj>());
  if (p.unbound_refs > 0) return;
  if (p.uses_labels) {
    std::span<const uint8_t> code = p.a.finalize();
    b.bytes.assign(code.begin(), code.end());
    p.mirrored = code.size();
    return;
  }
  std::span<const uint8_t> code = p.a.code();
  b.bytes.insert(b.bytes.end(), code.begin() + static_cast<ptrdiff_t>(p.mirrored), code.end());
  p.mirrored = code.size();
}

std::span<const uint8_t> final_code(Program& p, const char* fn) {
  if (p.unbound_refs > 0) {
    for (size_t i = 0; i < p.labels.size(); ++i)
      if (p.labels[i] == Program::LabelState::referenced)
        raise(fmt::format("{}: label {} is used by a jump or call but never bound (asmbd)", fn, i));
  }
  return p.uses_labels ? p.a.finalize() : p.a.code();
}

void check_room(const Program& p, size_t more, const char* fn) {
  if (more > kMaxProgramBytes || p.a.size() > kMaxProgramBytes - more)
    raise(fmt::format("{}: the program would grow past {} bytes (the limit of an asm program; it has {})", fn,
                      kMaxProgramBytes, p.a.size()));
}

}  // namespace ilusm::asmmod
