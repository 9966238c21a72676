// Interp: the embedding API over Interp::Impl.
#include <pthread.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "gc.hpp"
#include "interp_impl.hpp"
#include "parser.hpp"
#include "resolver.hpp"
#include "stdlib.hpp"
#include "support/files.hpp"
#include "support/stack.hpp"

namespace ilusm {

namespace {

constexpr size_t value_stack_size = 1 << 18;
constexpr size_t default_max_depth = 10000;

size_t thread_stack_size() {
  pthread_attr_t attr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
  }
  return size ? size : (size_t(1) << 20);
}

}  // namespace

std::string Chunk::line_text(int line) const {
  std::istringstream in(source);
  std::string text;
  for (int i = 1; std::getline(in, text); ++i)
    if (i == line) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      return text;
    }
  return "";
}

int Interp::Impl::global_slot(const std::string& name) {
  auto& index = envs[env].index;
  auto it = index.find(name);
  if (it != index.end()) return it->second;
  int slot = int(globals.size());
  globals.push_back(Value::undef());
  global_names.push_back(name);
  global_def.push_back(0);
  global_host.push_back(false);
  index.emplace(name, slot);
  return slot;
}

int Interp::Impl::find_global(std::string_view name) const {
  const auto& index = envs[env].index;
  auto it = index.find(std::string(name));
  return it == index.end() ? -1 : it->second;
}

int Interp::Impl::host_slot(std::string_view name) {
  EnvSwitch in_program(*this, 0);
  int s = global_slot(std::string(name));
  global_host[size_t(s)] = true;
  return s;
}

Chunk* Interp::Impl::compile(std::string source, std::string file) {
  auto chunk = std::make_unique<Chunk>();
  chunk->file = std::move(file);
  auto slash = chunk->file.rfind('/');
  chunk->dir = slash == std::string::npos ? "" : chunk->file.substr(0, slash + 1);
  chunk->source = std::move(source);
  chunk->env = env;
  Chunk* c = chunk.get();
  chunks.push_back(std::move(chunk));  // kept even on a parse error, for its source line
  parse_chunk(*c);
  GlobalTable table{[this](const std::string& name) {
                      int s = find_global(name);
                      return s >= 0 && !globals[s].is_undef();
                    },
                    [this](const std::string& name) { return global_slot(name); }};
  resolve_chunk(*c, table);
  return c;
}

const Chunk* Interp::Impl::chunk_of(const std::string& file) const {
  for (auto it = chunks.rbegin(); it != chunks.rend(); ++it)
    if ((*it)->file == file) return it->get();
  return nullptr;
}

Interp::Interp(Options options) : impl_(std::make_unique<Impl>(*this)), globals_(&impl_->globals) {
  Impl& m = *impl_;
  HeapScope scope(m.heap.state);
  m.options = options;
  m.stack = std::make_unique<Value[]>(value_stack_size);
  m.sp = m.stack.get();
  m.stack_end = m.stack.get() + value_stack_size;
  m.max_depth = options.max_depth ? options.max_depth : default_max_depth;
  size_t stack = thread_stack_size();
  m.native_stack_budget = stack > (size_t(1) << 20) ? stack - stack / 4 : stack / 2;
  m.stack_floor = support::stack_floor();
  m.out = [](std::string_view s) { std::fwrite(s.data(), 1, s.size(), stdout); };
  m.caps_slot = m.host_slot("__ilusm_caps");
  install_builtins(*this);
  for (const char* name : {"prn", "len", "str", "int", "typ", "try", "err", "asr"})
    m.global_def[m.global_slot(name)] = builtin_binding;  // scripts cannot assign them
  if (options.natives) install_natives(*this);
  if (options.stdlib) open_stdlib(*this);
}

Interp::~Interp() {
  Impl& m = *impl_;
  HeapScope scope(m.heap.state);
  m.globals.clear();
  m.modules.clear();
  gc_collect(m.heap.state);
  m.chunks.clear();
}

Value Interp::run_string(std::string_view code, std::string_view file_name) {
  Impl& m = *impl_;
  HeapScope scope(m.heap.state);
  bool outermost = m.depth == 0 && m.native_stack_base == 0;
  if (outermost) m.native_stack_base = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  struct Reset {
    Impl& m;
    bool on;
    ~Reset() {
      if (on) m.native_stack_base = 0;
    }
  } reset{m, outermost};
  Chunk* c = m.compile(std::string(code), std::string(file_name));
  Frame top{nullptr, nullptr};
  return m.eval(c->main->body, top);
}

Value Interp::run_file(const std::string& path) {
  std::string source, error;
  if (!support::read_file(path, source, error)) raise(error);
  std::string key = std::filesystem::weakly_canonical(path).string();
  impl_->envs[0].files.insert(key);
  impl_->file_envs.emplace(key, 0);
  impl_->loading_files.push_back(path);
  struct Pop {
    Impl& m;
    ~Pop() { m.loading_files.pop_back(); }
  } pop{*impl_};
  return run_string(source, path);
}

// The host API always speaks of the program's Env (envs[0]): the slot of a
// bound (not undef) name there, or -1.
static int host_bound_slot(const Interp::Impl& m, std::string_view name) {
  auto it = m.envs[0].index.find(std::string(name));
  if (it == m.envs[0].index.end() || m.globals[size_t(it->second)].is_undef()) return -1;
  return it->second;
}

Value Interp::get(std::string_view name) const {
  int s = host_bound_slot(*impl_, name);
  return s < 0 ? Value() : impl_->globals[size_t(s)];
}

int Interp::global_slot(std::string_view name) { return impl_->host_slot(name); }

bool Interp::has(std::string_view name) const { return host_bound_slot(*impl_, name) >= 0; }

void Interp::set(std::string_view name, Value v) {
  int s = impl_->host_slot(name);
  impl_->globals[s] = std::move(v);
}

bool Interp::remove(std::string_view name) {
  int s = host_bound_slot(*impl_, name);
  if (s < 0) return false;
  impl_->globals[size_t(s)] = Value::undef();
  impl_->global_def[size_t(s)] = 0;
  impl_->global_host[size_t(s)] = true;
  return true;
}

void Interp::define(std::string_view name, NativeFn fn, int min_args, int max_args) {
  set(name, make_bif(std::string(name), std::move(fn), min_args, max_args));
}

Value Interp::call(const Value& fn, Args args) {
  Impl& m = *impl_;
  bool outermost = m.native_stack_base == 0;
  // A call from the interpreter's own natives (trl.map per element) keeps the
  // heap that is current: a scope per call costs 8% of BM_build_list (TLS).
  if (!outermost) return m.call_value(fn, args, nullptr);
  HeapScope scope(m.heap.state);
  m.native_stack_base = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  struct Reset {
    Impl& m;
    ~Reset() { m.native_stack_base = 0; }
  } reset{m};
  return m.call_value(fn, args, nullptr);
}

Value Interp::call_global(std::string_view global_name, Args args) {
  if (!has(global_name)) raise(fmt::format("undefined function '{}'", global_name));
  return call(get(global_name), args);
}

void Interp::set_caps(const std::vector<std::string>& names) {
  HeapScope scope(impl_->heap.state);
  impl_->host_caps = names;
  caps_narrowed_ = true;
  std::vector<Value> items;
  for (auto& n : names) items.emplace_back(n);
  set("__ilusm_caps", make_list(std::move(items)));
}

void Interp::clear_caps() {
  impl_->host_caps.clear();
  caps_narrowed_ = false;
  set("__ilusm_caps", Value());
}

bool Interp::cap_allowed(std::string_view name) const {
  const Impl& m = *impl_;
  if (caps_narrowed_ && std::find(m.host_caps.begin(), m.host_caps.end(), name) == m.host_caps.end()) return false;
  const Value& caps = m.globals[size_t(m.caps_slot)];
  if (caps.is_nil() || caps.is_undef()) return true;
  if (caps.is_list()) {
    for (const Value& c : caps.as<List>()->items)
      if (c.is_str() && c.as<Str>()->s == name) return true;
    return false;
  }
  if (caps.is_obj()) return caps.as<Obj>()->get(name).truthy();
  raise(fmt::format("__ilusm_caps must be a list of capability names or an obj, got {}", caps.type_name()));
}

void Interp::set_output(std::function<void(std::string_view)> out) { impl_->out = std::move(out); }
void Interp::write_out(std::string_view text) { impl_->out(text); }

void Interp::set_args(const std::vector<std::string>& args) {
  HeapScope scope(impl_->heap.state);
  std::vector<Value> items;
  for (auto& a : args) items.emplace_back(a);
  set("args", make_list(std::move(items)));
}

std::string Interp::format_error(const Error& e) const {
  std::string out = "error: " + e.message() + "\n";
  const Location& w = e.where();
  if (!w.known()) return out;
  out += fmt::format("  at {}:{}:{}\n", w.file, w.line, w.col);
  if (const Chunk* c = impl_->chunk_of(w.file)) {
    std::string text = c->line_text(w.line);
    if (!text.empty()) {
      out += "  " + text + "\n  ";
      int col = 1;  // columns count code points; tabs are kept so the caret lines up
      for (size_t i = 0; i < text.size() && col < w.col; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
        out += text[i] == '\t' ? '\t' : ' ';
        ++col;
      }
      out += "^\n";
    }
  }
  return out;
}

void Interp::interrupt() { impl_->interrupted.store(true, std::memory_order_relaxed); }
std::atomic<bool>& Interp::interrupt_flag() { return impl_->interrupted; }

std::vector<std::string> Interp::global_names() const {
  std::vector<std::string> names;
  for (const auto& [name, slot] : impl_->envs[0].index)
    if (!impl_->globals[size_t(slot)].is_undef()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

size_t Interp::collect_garbage() { return gc_collect(impl_->heap.state); }
size_t Interp::live_objects() const { return gc_count(impl_->heap.state); }

void raise(const std::string& message) { throw Error(message); }

int64_t arg_int(Args a, size_t i, const char* fn) {
  if (i < a.size()) {
    const Value& v = a[i];
    if (v.is_int()) return v.as_int();
    if (v.is_double() && v.as_double() == double(int64_t(v.as_double()))) return int64_t(v.as_double());
  }
  raise(fmt::format("{}: argument {} must be an integer, got {}", fn, i + 1,
                    i < a.size() ? a[i].type_name() : "nothing"));
}

double arg_num(Args a, size_t i, const char* fn) {
  if (i < a.size() && a[i].is_num()) return a[i].as_number();
  raise(fmt::format("{}: argument {} must be a num, got {}", fn, i + 1, i < a.size() ? a[i].type_name() : "nothing"));
}

const std::string& arg_str(Args a, size_t i, const char* fn) {
  if (i < a.size() && a[i].is_str()) return a[i].as<Str>()->s;
  raise(fmt::format("{}: argument {} must be a str, got {}", fn, i + 1, i < a.size() ? a[i].type_name() : "nothing"));
}

}  // namespace ilusm
