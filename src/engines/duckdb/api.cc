#include "engines/duckdb/api.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

namespace ferry::duckdb {

namespace {

constexpr const char* kLibrary = "libduckdb.so";

struct Loaded {
  CApi api;
  Status status;
};

Loaded Load() {
  Loaded out;
  // RTLD_LAZY: the library's own calls are bound on first use, as when it
  // was linked. Never closed: DuckDB's objects live until the process ends.
  void* lib = ::dlopen(kLibrary, RTLD_LAZY | RTLD_LOCAL);
  if (!lib) {
    const char* why = ::dlerror();
    out.status = Status::Internal(std::string("cannot load DuckDB's library ") + kLibrary + ": " +
                                  (why ? why : "unknown error") + " (is ferry installed completely?)");
    return out;
  }
  std::string missing;
#define FERRY_DUCKDB_RESOLVE(name)                                         \
  out.api.name = reinterpret_cast<decltype(&::name)>(::dlsym(lib, #name)); \
  if (!out.api.name) missing += (missing.empty() ? "" : ", ") + std::string(#name);
  FERRY_DUCKDB_FUNCTIONS(FERRY_DUCKDB_RESOLVE)
#undef FERRY_DUCKDB_RESOLVE
  if (!missing.empty())
    out.status = Status::Internal(std::string("DuckDB's library ") + kLibrary + " lacks " + missing +
                                  " (a different DuckDB version than ferry was built with?)");
  return out;
}

const Loaded& Once() {
  static const Loaded loaded = Load();  // thread-safe initialisation
  return loaded;
}

}  // namespace

Status LoadApi() { return Once().status; }

const CApi& Api() {
  const Loaded& loaded = Once();
  if (!loaded.status.ok()) {
    std::fprintf(stderr, "ferry: %s\n", loaded.status.message().c_str());
    std::exit(1);
  }
  return loaded.api;
}

}  // namespace ferry::duckdb
