// `use NAME` (modules registered from C++) and `use "path.ilu"` (files,
// relative to the importing file; loaded once; cycles reported).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "interp_impl.hpp"

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

bool Interp::has_module(std::string_view name) const {
  return impl_->modules.find(name) != impl_->modules.end();
}

void Interp::Impl::use(const Node* n, const Chunk& from) {
  if (n->op == Op::Add) use_file(n->name, n, from); else use_module(n->name, n);
}

void Interp::Impl::use_module(std::string_view name, const Node* site) {
  if (loaded_modules.count(name)) return;
  auto it = modules.find(name);
  if (it == modules.end()) raise_at(fmt::format("unknown module '{}'", name), site);
  const Module& m = it->second;
  loaded_modules.emplace(name);
  Value ns = make_obj();
  for (const ModuleFn& fn : m.functions) {
    Value bif = make_bif(fn.name, fn.fn, fn.min_args, fn.max_args);
    self.set(fn.name, bif);
    ns.as<Obj>()->set(fn.name, bif);
    for (auto& alias : fn.aliases) ns.as<Obj>()->set(alias, bif);
  }
  for (auto& [vname, v] : m.values) {
    self.set(vname, v);
    ns.as<Obj>()->set(vname, v);
  }
  self.set(m.name, ns);
  if (!m.source.empty()) self.run_string(m.source, fmt::format("<module {}>", m.name));
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
  if (loaded_files.count(key)) return;
  std::ifstream in(display, std::ios::binary);
  if (!in) raise_at(fmt::format("cannot open module file '{}'", display), site);
  std::stringstream buf;
  buf << in.rdbuf();
  loaded_files.insert(key);
  loading_files.push_back(display);
  struct Pop {
    Impl& m;
    ~Pop() { m.loading_files.pop_back(); }
  } pop{*this};
  Chunk* c = compile(buf.str(), display);
  Frame top{nullptr, nullptr};
  eval(c->main->body, top);
}

}  // namespace ilusm
