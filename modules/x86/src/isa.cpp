// The run-time table of the instruction list (x86/isa.hpp): one Form per
// overload of every row of x86/insns.def, each with a thunk that unpacks the
// operands and calls the typed Assembler method.
#include "x86/isa.hpp"

#include <array>
#include <string>

#include "encode.hpp"

namespace x86 {

namespace {

using detail::In;

// The OpType of a C++ operand type (a Masked<T> is T's, with Form::masked set).
template <typename T>
constexpr OpType kType = OpType::None;
template <typename T>
constexpr bool kMasked = false;
template <typename T>
constexpr OpType kType<Masked<T>> = kType<T>;
template <typename T>
constexpr bool kMasked<Masked<T>> = true;
#define X86_OPTYPE_(T) \
  template <>          \
  constexpr OpType kType<T> = OpType::T
X86_OPTYPE_(Gp);
X86_OPTYPE_(Xmm);
X86_OPTYPE_(Ymm);
X86_OPTYPE_(Zmm);
X86_OPTYPE_(KReg);
X86_OPTYPE_(Mem);
X86_OPTYPE_(Imm);
X86_OPTYPE_(Cond);
X86_OPTYPE_(Label);
X86_OPTYPE_(Bcst);
X86_OPTYPE_(Round);
#undef X86_OPTYPE_

// clang-format off
#define X86_FORM_(m, n, e, arity, types, call, mask)                                                     \
  Form{n, #m, e, arity, {X86_FORM_UNPAREN types}, [](Assembler& a, [[maybe_unused]] const Operand* o) { a.m call; }, \
       mask},
// clang-format on
#define X86_FORM_UNPAREN(...) __VA_ARGS__
#define X86_FORM0(m, n, e) X86_FORM_(m, n, e, 0, (OpType::None), (), 0)
#define X86_FORM1(m, n, e, A) X86_FORM_(m, n, e, 1, (kType<A>), (o[0].as<A>()), kMasked<A>)
#define X86_FORM2(m, n, e, A, B) \
  X86_FORM_(m, n, e, 2, (kType<A>, kType<B>), (o[0].as<A>(), o[1].as<B>()), kMasked<A> | kMasked<B> << 1)
#define X86_FORM3(m, n, e, A, B, C)                                                                 \
  X86_FORM_(m, n, e, 3, (kType<A>, kType<B>, kType<C>), (o[0].as<A>(), o[1].as<B>(), o[2].as<C>()), \
            kMasked<A> | kMasked<B> << 1 | kMasked<C> << 2)
#define X86_FORM4(m, n, e, A, B, C, D)                                \
  X86_FORM_(m, n, e, 4, (kType<A>, kType<B>, kType<C>, kType<D>),     \
            (o[0].as<A>(), o[1].as<B>(), o[2].as<C>(), o[3].as<D>()), \
            kMasked<A> | kMasked<B> << 1 | kMasked<C> << 2 | kMasked<D> << 3)
#define X86_FORM5(m, n, e, A, B, C, D, E)                                           \
  X86_FORM_(m, n, e, 5, (kType<A>, kType<B>, kType<C>, kType<D>, kType<E>),         \
            (o[0].as<A>(), o[1].as<B>(), o[2].as<C>(), o[3].as<D>(), o[4].as<E>()), \
            kMasked<A> | kMasked<B> << 1 | kMasked<C> << 2 | kMasked<D> << 3 | kMasked<E> << 4)

// The run-time operand stays as small as before the EVEX fields (text front ends copy it per operand).
static_assert(sizeof(Operand) <= 56);

const Form kForms[] = {
#define X86_ALU(...) X86_ROWS_ALU(X86_FORM, __VA_ARGS__)
#define X86_UNARY(...) X86_ROWS_UNARY(X86_FORM, __VA_ARGS__)
#define X86_SHIFT(...) X86_ROWS_SHIFT(X86_FORM, __VA_ARGS__)
#define X86_BT(...) X86_ROWS_BT(X86_FORM, __VA_ARGS__)
#define X86_BITCNT(...) X86_ROWS_BITCNT(X86_FORM, __VA_ARGS__)
#define X86_FIXED(...) X86_ROWS_FIXED(X86_FORM, __VA_ARGS__)
#define X86_MEMOP(...) X86_ROWS_MEMOP(X86_FORM, __VA_ARGS__)
#define X86_HAND(...) X86_ROWS_HAND(X86_FORM, __VA_ARGS__)
#define X86_SSE(...) X86_ROWS_SSE(X86_FORM, __VA_ARGS__)
#define X86_VEX(...) X86_ROWS_VEX(X86_FORM, __VA_ARGS__)
#define X86_EVEX(...) X86_ROWS_EVEX(X86_FORM, __VA_ARGS__)
#include "x86/insns.def"
};

constexpr std::array<std::string_view, 12> kTypeNames = {"none", "gp",  "xmm",  "ymm",   "zmm",  "k",
                                                         "mem",  "imm", "cond", "label", "bcst", "round"};

}  // namespace

std::span<const Form> forms() { return kForms; }

std::vector<const Form*> forms_of(std::string_view mnemonic) {
  std::vector<const Form*> r;
  for (const Form& f : kForms)
    if (mnemonic == f.mnemonic) r.push_back(&f);
  return r;
}

std::string_view name(OpType type) { return kTypeNames[static_cast<unsigned>(type) % kTypeNames.size()]; }

void emit(Assembler& a, const Form& form, std::span<const Operand> ops) {
  if (ops.size() != form.arity)
    detail::fail(form.mnemonic,
                 "this form takes " + std::to_string(form.arity) + " operands, not " + std::to_string(ops.size()));
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].type != form.ops[i])
      detail::fail(form.mnemonic, "operand " + std::to_string(i + 1) + " is " + std::string(name(ops[i].type)) +
                                      ", this form takes " + std::string(name(form.ops[i])));
    if ((ops[i].masked || ops[i].zero) && !(form.masked >> i & 1))
      detail::fail(form.mnemonic, "operand " + std::to_string(i + 1) +
                                      " has a write mask ({k}/{z}); this form takes none (only EVEX forms do)");
  }
  form.emit(a, ops.data());
}

}  // namespace x86
