// Data in and out of JIT code, in the module's naming style: writable bins
// (asmbn, asmpk), numbers read from and written to them (asmrd, asmwr,
// asmup), and call signatures with doubles (asmsg). A bin given to
// asmca2/3/4 is passed as the address of its bytes (calls.cpp).
#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "functions.hpp"
#include "handles.hpp"

namespace ilusm::asmmod {
namespace {

// Little-endian, whatever the host: the bytes are what x86-64 code sees.
uint64_t load_le(const uint8_t* p, size_t n) {
  uint64_t bits = 0;
  for (size_t k = 0; k < n; ++k) bits |= uint64_t{p[k]} << (8 * k);
  return bits;
}
void store_le(uint8_t* p, size_t n, uint64_t bits) {
  for (size_t k = 0; k < n; ++k) p[k] = static_cast<uint8_t>(bits >> (8 * k));
}

Value decode(const Elem& e, const uint8_t* p) {
  uint64_t bits = load_le(p, e.size);
  if (e.is_float) {
    if (e.size == 4) {
      float f;
      uint32_t b32 = static_cast<uint32_t>(bits);
      std::memcpy(&f, &b32, 4);
      return Value(double(f));
    }
    double d;
    std::memcpy(&d, &bits, 8);
    return Value(d);
  }
  if (e.is_signed && e.size < 8) {  // sign-extend from the element's width
    unsigned shift = 64 - 8 * e.size;
    return Value(static_cast<int64_t>(bits << shift) >> shift);
  }
  return Value(static_cast<int64_t>(bits));
}

// The bits of number v as element e; raises "FN: argument PARAM: ..." (what
// prefixes the value, e.g. "element 3 is ") when it does not fit.
uint64_t encode(const Elem& e, const Value& v, const char* fn, const char* param, const std::string& what = "") {
  if (!v.is_num()) fail(fn, param, fmt::format("{}expected a number for {}, got {}", what, e.name, describe(v)));
  if (e.is_float) {
    double d = v.as_number();
    if (e.size == 4) {
      float f = static_cast<float>(d);
      uint32_t b32;
      std::memcpy(&b32, &f, 4);
      return b32;
    }
    uint64_t bits;
    std::memcpy(&bits, &d, 8);
    return bits;
  }
  if (v.is_double() && std::trunc(v.as_double()) != v.as_double())
    fail(fn, param, fmt::format("{}{} is not an integer ({})", what, describe(v), e.name));
  int64_t i = to_int64(v, fn, param);
  if (e.size < 8) {
    unsigned bits = 8 * e.size;
    int64_t lo = e.is_signed ? -(int64_t{1} << (bits - 1)) : 0;
    int64_t hi = e.is_signed ? (int64_t{1} << (bits - 1)) - 1 : (int64_t{1} << bits) - 1;
    if (i < lo || i > hi) fail(fn, param, fmt::format("{}{} does not fit {} ({}..{})", what, i, e.name, lo, hi));
  }
  return static_cast<uint64_t>(i);
}

// The byte offset of an element of e at `off` in b, checked to lie inside it.
size_t checked_offset(Call& c, size_t off_arg, const Bin& b, const Elem& e) {
  int64_t off = c.a[off_arg].i;
  const char* param = "off";
  if (off < 0) fail(c.fn, param, fmt::format("{} is negative", off));
  if (static_cast<uint64_t>(off) > b.size() || b.size() - static_cast<uint64_t>(off) < e.size)
    fail(c.fn, param,
         fmt::format("{} + {} bytes ({}) is past the end of the bin ({} bytes)", off, e.size, e.name, b.size()));
  return static_cast<size_t>(off);
}

// Writable bytes of b (its owner's storage; asmbn/asmpk bins never resize).
uint8_t* writable_data(Bin& b) { return const_cast<uint8_t*>(b.data()); }

Value new_writable(size_t n) {
  Value v = make_bin(std::vector<uint8_t>(n));
  v.as<Bin>()->writable = true;
  return v;
}

// asmsg's parameter string: i, d, b each; at most 6 of i/b and 8 of d.
void check_params(Call& c, std::string_view ps) {
  size_t ints = 0, doubles = 0;
  for (size_t k = 0; k < ps.size(); ++k) {
    char ch = ps[k];
    if (ch != 'i' && ch != 'd' && ch != 'b')
      fail(c.fn, "ps", fmt::format("'{}' at {} is not a parameter kind (i: int64, d: double, b: bin)", ch, k));
    ++(ch == 'd' ? doubles : ints);
  }
  if (ints > jitmem::max_int_args)
    fail(c.fn, "ps",
         fmt::format("{} integer and bin parameters, at most {} (rdi, rsi, rdx, rcx, r8, r9)", ints,
                     jitmem::max_int_args));
  if (doubles > jitmem::max_double_args)
    fail(c.fn, "ps", fmt::format("{} double parameters, at most {} (xmm0..xmm7)", doubles, jitmem::max_double_args));
}

const Param B{"b", Kind::bin};
const Param WB{"b", Kind::wbin};
const Param TY{"ty", Kind::elem};
const Param OFF{"off", Kind::int64};

}  // namespace

std::vector<Function> data_functions() {
  return {
      {"asmbn", {{"n", Kind::size}}, [](Call& c) { return new_writable(static_cast<size_t>(c.a[0].i)); }},
      {"asmrd",
       {B, TY, OFF},
       [](Call& c) {
         const Bin& b = *c.a[0].bin;
         size_t off = checked_offset(c, 2, b, *c.a[1].elem);
         return decode(*c.a[1].elem, b.data() + off);
       }},
      {"asmwr",
       {WB, TY, OFF, {"v", Kind::any}},
       [](Call& c) {
         Bin& b = *c.a[0].bin;
         const Elem& e = *c.a[1].elem;
         size_t off = checked_offset(c, 2, b, e);
         uint64_t bits = encode(e, c.a[3].value(), c.fn, "v");
         store_le(writable_data(b) + off, e.size, bits);
         return c.a[0].value();
       }},
      {"asmpk",
       {TY, {"xs", Kind::list}},
       [](Call& c) {
         const Elem& e = *c.a[0].elem;
         const auto& items = c.a[1].value().as<List>()->items;
         if (items.size() > static_cast<size_t>(kMaxBinSize) / e.size)
           fail(c.fn, "xs",
                fmt::format("{} elements of {} exceed a bin's {} bytes", items.size(), e.name, kMaxBinSize));
         std::vector<uint64_t> bits(items.size());  // all checked before the bin is made
         for (size_t k = 0; k < items.size(); ++k)
           bits[k] = encode(e, items[k], c.fn, "xs", fmt::format("element {}: ", k));
         Value out = new_writable(items.size() * e.size);
         uint8_t* p = writable_data(*out.as<Bin>());
         for (size_t k = 0; k < bits.size(); ++k) store_le(p + k * e.size, e.size, bits[k]);
         return out;
       }},
      {"asmup",
       {B, TY},
       [](Call& c) {
         const Bin& b = *c.a[0].bin;
         const Elem& e = *c.a[1].elem;
         if (b.size() % e.size)
           fail(c.fn, "b",
                fmt::format("{} bytes are not a whole number of {} ({} bytes each)", b.size(), e.name, e.size));
         std::vector<Value> out;
         out.reserve(b.size() / e.size);
         for (size_t off = 0; off < b.size(); off += e.size) out.push_back(decode(e, b.data() + off));
         return make_list(std::move(out));
       }},
      {"asmsg",
       {{"h", Kind::any}, {"ps", Kind::str}, {"r", Kind::str, true}},
       [](Call& c) {
         JitMemory& m = code_of(c.a[0].value(), c.fn, "h");
         const std::string& ps = c.a[1].value().as<Str>()->s;
         check_params(c, ps);
         bool returns_double = false;
         if (c.a[2].present) {
           const std::string& r = c.a[2].value().as<Str>()->s;
           if (r != "i" && r != "d")
             fail(c.fn, "r", fmt::format("expected \"i\" (int64 in rax) or \"d\" (double in xmm0), got \"{}\"", r));
           returns_double = r == "d";
         }
         m.signature = pack(ps, returns_double);
         return c.a[0].value();
       }},
  };
}

}  // namespace ilusm::asmmod
