// The three runtime workloads in CPython 3, embedded through libpython.
// The definitions are compiled once; each iteration only calls a function.
#include <Python.h>
#include <benchmark/benchmark.h>

#include <stdexcept>
#include <string>

#include "big_inputs.hpp"

namespace {

const char* const python_source = R"(
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
def fib27():
    return fib(27)
def add_loop():
    s = 0
    for i in range(1, 10000001):
        s = s + i
    return s
def append_loop(n):
    s = ""
    for i in range(n):
        s = s + "ab"
    return len(s)
def build_list():
    return len([i * 2 for i in range(100000)])
)";

// One interpreter for the whole process (CPython does not like re-initialising).
PyObject* python_globals() {
  static PyObject* globals = [] {
    Py_InitializeEx(0);
    PyObject* g = PyDict_New();
    PyDict_SetItemString(g, "__builtins__", PyEval_GetBuiltins());
    PyObject* r = PyRun_String(python_source, Py_file_input, g, g);
    if (!r) {
      PyErr_Print();
      throw std::runtime_error("python setup failed");
    }
    Py_DECREF(r);
    return g;
  }();
  return globals;
}

void run(benchmark::State& state, const char* name, long long expect) {
  PyObject* fn = PyDict_GetItemString(python_globals(), name);  // borrowed
  for (auto _ : state) {
    PyObject* r = PyObject_CallNoArgs(fn);
    if (!r) {
      PyErr_Print();
      state.SkipWithError("python error");
      break;
    }
    long long v = PyLong_AsLongLong(r);
    Py_DECREF(r);
    if (v != expect) state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(v);
  }
}

// CPython appends in place while the string has one reference (a local).
void BM_append_python(benchmark::State& state) {
  PyObject* fn = PyDict_GetItemString(python_globals(), "append_loop");  // borrowed
  for (auto _ : state) {
    PyObject* r = PyObject_CallFunction(fn, "i", int(state.range(0)));
    if (!r) {
      PyErr_Print();
      state.SkipWithError("python error");
      break;
    }
    long long v = PyLong_AsLongLong(r);
    Py_DECREF(r);
    if (v != 2 * state.range(0)) state.SkipWithError("wrong result");
  }
}

void BM_list_literal_python(benchmark::State& state) {
  PyObject* g = python_globals();
  std::string src = bench_runtime::list_literal("len([", "])");
  for (auto _ : state) {
    PyObject* r = PyRun_String(src.c_str(), Py_eval_input, g, g);
    if (!r) {
      PyErr_Print();
      state.SkipWithError("python error");
      break;
    }
    long long v = PyLong_AsLongLong(r);
    Py_DECREF(r);
    if (v != bench_runtime::kListItems) state.SkipWithError("wrong result");
  }
}

void BM_fib27_python(benchmark::State& s) { run(s, "fib27", 196418); }
void BM_add_loop_python(benchmark::State& s) { run(s, "add_loop", 50000005000000); }
void BM_build_list_python(benchmark::State& s) { run(s, "build_list", 100000); }

}  // namespace

BENCHMARK(BM_fib27_python)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_add_loop_python)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_build_list_python)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_append_python)->Arg(20000)->Arg(200000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_list_literal_python)->Unit(benchmark::kMillisecond);
