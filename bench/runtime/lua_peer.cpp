// The three runtime workloads in Lua 5.4, embedded through its C API.
// The chunk is compiled once; each iteration only calls a global function.
#include <benchmark/benchmark.h>
#include <lua.hpp>

#include "big_inputs.hpp"

#include <stdexcept>
#include <string>

namespace {

const char* const lua_source = R"(
function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
function fib27() return fib(27) end
function add_loop()
  local s = 0
  for i = 1, 10000000 do s = s + i end
  return s
end
function append_loop(n)
  local s = ""
  for i = 1, n do s = s .. "ab" end
  return #s
end
function build_list()
  local t = {}
  for i = 1, 100000 do t[i] = i * 2 end
  return #t
end
)";

struct LuaState {
  lua_State* L = luaL_newstate();
  LuaState() {
    luaL_openlibs(L);
    if (luaL_dostring(L, lua_source) != LUA_OK) throw std::runtime_error(lua_tostring(L, -1));
  }
  ~LuaState() { lua_close(L); }
  lua_Integer call(const char* name) {
    lua_getglobal(L, name);
    if (lua_pcall(L, 0, 1, 0) != LUA_OK) throw std::runtime_error(lua_tostring(L, -1));
    lua_Integer r = lua_tointeger(L, -1);
    lua_pop(L, 1);
    return r;
  }
};

void run(benchmark::State& state, const char* name, lua_Integer expect) {
  LuaState lua;
  for (auto _ : state) {
    lua_Integer r = lua.call(name);
    if (r != expect) state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(r);
  }
}

// Lua strings are immutable: n appends copy O(n^2) bytes (200,000 take
// ~26 s on the build machine, so only the short run is registered).
void BM_append_lua(benchmark::State& state) {
  LuaState lua;
  for (auto _ : state) {
    lua_getglobal(lua.L, "append_loop");
    lua_pushinteger(lua.L, state.range(0));
    if (lua_pcall(lua.L, 1, 1, 0) != LUA_OK) throw std::runtime_error(lua_tostring(lua.L, -1));
    if (lua_tointeger(lua.L, -1) != 2 * state.range(0)) state.SkipWithError("wrong result");
    lua_pop(lua.L, 1);
  }
}

void BM_list_literal_lua(benchmark::State& state) {
  LuaState lua;
  std::string src = bench_runtime::list_literal("return #{", "}");
  for (auto _ : state) {
    if (luaL_dostring(lua.L, src.c_str()) != LUA_OK) throw std::runtime_error(lua_tostring(lua.L, -1));
    if (lua_tointeger(lua.L, -1) != bench_runtime::kListItems) state.SkipWithError("wrong result");
    lua_pop(lua.L, 1);
  }
}

void BM_fib27_lua(benchmark::State& s) { run(s, "fib27", 196418); }
void BM_add_loop_lua(benchmark::State& s) { run(s, "add_loop", 50000005000000); }
void BM_build_list_lua(benchmark::State& s) { run(s, "build_list", 100000); }

}  // namespace

BENCHMARK(BM_fib27_lua)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_add_loop_lua)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_build_list_lua)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_append_lua)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_list_literal_lua)->Unit(benchmark::kMillisecond);
