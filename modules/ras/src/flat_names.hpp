// The names of one function (labels, jump sites, $vars) for the checker and
// the resolver: few, so a flat list searched in order. The first few live in
// place, so checking a small function does not allocate for them.
#pragma once

#include <cstddef>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ras::detail {

template <class V>
class FlatNames {
  static_assert(std::is_trivially_destructible_v<V>, "entries in place are never destroyed");

 public:
  FlatNames() {}
  FlatNames(const FlatNames&) = delete;
  FlatNames& operator=(const FlatNames&) = delete;

  V* find(std::string_view name) {
    for (size_t i = 0; i < count_; ++i)
      if (entry(i).first == name) return &entry(i).second;
    return nullptr;
  }
  const V* find(std::string_view name) const { return const_cast<FlatNames*>(this)->find(name); }
  // False (and no change) if the name is already present.
  bool insert(std::string_view name, V value) {
    if (find(name)) return false;
    append(name, std::move(value));
    return true;
  }
  // Insert, or overwrite the value of a name already present.
  void set(std::string_view name, V value) {
    if (V* v = find(name)) *v = std::move(value);
    else append(name, std::move(value));
  }
  template <class Fn>
  void for_each(Fn fn) const {
    for (size_t i = 0; i < count_; ++i) fn(entry(i));
  }

 private:
  using Entry = std::pair<std::string_view, V>;
  static constexpr size_t kInline = 8;
  // Written only by append(): a table that stays small costs no zeroing.
  union {
    Entry inline_[kInline];
  };
  std::vector<Entry> spill_;  // entries kInline and up
  size_t count_ = 0;

  Entry& entry(size_t i) { return i < kInline ? inline_[i] : spill_[i - kInline]; }
  const Entry& entry(size_t i) const { return i < kInline ? inline_[i] : spill_[i - kInline]; }
  void append(std::string_view name, V value) {
    if (count_ < kInline) new (&inline_[count_]) Entry(name, std::move(value));
    else spill_.emplace_back(name, std::move(value));
    ++count_;
  }
};

}  // namespace ras::detail
