// `use NAME` (modules registered from C++) and `use "path.ilu"` (files,
// relative to the importing file; loaded once; cycles reported).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "interp_impl.hpp"
#include "support/files.hpp"

namespace ilusm {

namespace {

std::string file_key(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? std::filesystem::path(path).lexically_normal().string() : p.string();
}

}  // namespace

void Interp::register_module(Module m) {
  std::string name = m.name;
  impl_->modules.insert_or_assign(std::move(name), std::move(m));
}

Value ModuleFn::make_bif() const {
  return entry ? ilusm::make_bif(name, entry, ctx, min_args, max_args) : ilusm::make_bif(name, fn, min_args, max_args);
}

bool Interp::has_module(std::string_view name) const { return impl_->modules.find(name) != impl_->modules.end(); }

// A `use` binds names in the namespace of the code it appears in, even when
// that code is a module's function called from elsewhere.
void Interp::Impl::use(const Node* n, const Chunk& from) {
  EnvSwitch in_env(*this, from.env);
  if (n->op == Op::Add) use_file(n->name, n, from);
  else use_module(n->name, n);
}

void Interp::Impl::use_module(std::string_view name, const Node* site) {
  if (envs[env].modules.count(name)) return;
  auto it = modules.find(name);
  if (it == modules.end()) raise_at(fmt::format("unknown module '{}'", name), site);
  const Module& m = it->second;
  envs[env].modules.emplace(name);
  auto bind = [this](const std::string& n, Value v) { globals[size_t(global_slot(n))] = std::move(v); };
  Value ns = make_resource_obj(std::make_unique<ModuleNamespace>(m.name));
  for (const ModuleFn& fn : m.functions) {
    Value bif = fn.make_bif();
    bind(fn.name, bif);
    ns.as<Obj>()->set(fn.name, bif);
    for (auto& alias : fn.aliases) ns.as<Obj>()->set(alias, bif);
  }
  for (auto& [vname, v] : m.values) {
    bind(vname, v);
    ns.as<Obj>()->set(vname, v);
  }
  bind(m.name, ns);
  if (!m.source.empty()) self.run_string(m.source, fmt::format("<module {}>", m.name));
}

size_t Interp::Impl::fresh_env() {
  Env fresh;
  for (const auto& [name, slot] : envs[0].index)
    if (global_host[size_t(slot)]) fresh.index.emplace(name, slot);
  envs.push_back(std::move(fresh));
  return envs.size() - 1;
}

// The module's own top-level bindings become the importer's (as values: later
// assignments on either side are not seen by the other).
void Interp::Impl::copy_bindings(size_t from, size_t to, const Node* site) {
  std::vector<std::pair<std::string, int>> names(envs[from].index.begin(), envs[from].index.end());
  std::sort(names.begin(), names.end());  // a deterministic order for errors
  EnvSwitch in_env(*this, to);
  for (const auto& [name, slot] : names) {
    if (global_host[size_t(slot)] || globals[size_t(slot)].is_undef()) continue;
    int dst = global_slot(name);
    if (global_def[size_t(dst)] && !globals[size_t(dst)].is_undef())
      raise_at(fmt::format("'{}' from the module would rebind a def in the importer", name), site);
    globals[size_t(dst)] = globals[size_t(slot)];
    global_def[size_t(dst)] = global_def[size_t(slot)];
  }
}

void Interp::Impl::use_file(const std::string& path, const Node* site, const Chunk& from) {
  std::string display = std::filesystem::path(path).is_absolute() ? path : from.dir + path;
  std::string key = file_key(display);
  for (size_t i = 0; i < loading_files.size(); ++i) {
    if (file_key(loading_files[i]) != key) continue;
    std::string chain;
    for (size_t j = i; j < loading_files.size(); ++j) chain += loading_files[j] + " -> ";
    raise_at(fmt::format("import cycle: {}{}", chain, display), site);
  }
  if (!envs[env].files.insert(key).second) return;  // already here: ignored
  auto done = file_envs.find(key);
  if (done != file_envs.end()) {  // ran for another importer: copy, don't rerun
    copy_bindings(done->second, env, site);
    return;
  }
  std::string source, error;
  if (!support::read_file(display, source, error)) {
    envs[env].files.erase(key);
    raise_at(error, site);
  }
  size_t importer = env;
  size_t module_env = fresh_env();
  file_envs.emplace(key, module_env);
  loading_files.push_back(display);
  struct Pop {
    Impl& m;
    ~Pop() { m.loading_files.pop_back(); }
  } pop{*this};
  {
    EnvSwitch in_module(*this, module_env);
    Chunk* c = compile(std::move(source), display);
    Frame top{nullptr, nullptr};
    eval(c->main->body, top);
  }
  copy_bindings(module_env, importer, site);
}

}  // namespace ilusm
