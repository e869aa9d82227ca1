#include "engines/duckdb/api.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace ferry::duckdb {

namespace {

constexpr const char* kLibrary = "libduckdb.so";

struct Loaded {
  CApi api;
  Status status;
};

// The file to load. Searched by ferry itself, not left to dlopen's use of
// the binary's RUNPATH: dlopen takes the RUNPATH of its caller, and a
// preloaded library that wraps dlopen (heaptrack, some profilers) would
// be that caller. A binary in the build tree loads the build's copy; an
// installed one the copy in its private lib directory, as its rpath says.
// Otherwise the usual search (LD_LIBRARY_PATH, the RUNPATH).
std::string LibraryPath() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return kLibrary;
  const std::filesystem::path dir = exe.parent_path();
  if (std::filesystem::equivalent(dir, FERRY_BUILD_DIR, ec)) return FERRY_DUCKDB_BUILT;
  const std::filesystem::path installed = dir / FERRY_DUCKDB_INSTALLED;
  if (std::filesystem::exists(installed, ec)) return installed.lexically_normal().string();
  return kLibrary;
}

Loaded Load() {
  Loaded out;
  const std::string path = LibraryPath();
  // RTLD_LAZY: the library's own calls are bound on first use, as when it
  // was linked. Never closed: DuckDB's objects live until the process ends.
  void* lib = ::dlopen(path.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (!lib) {
    const char* why = ::dlerror();
    out.status = Status::Internal("cannot load DuckDB's library " + path + ": " + (why ? why : "unknown error") +
                                  " (is ferry installed completely?)");
    return out;
  }
  std::string missing;
#define FERRY_DUCKDB_RESOLVE(name)                                         \
  out.api.name = reinterpret_cast<decltype(&::name)>(::dlsym(lib, #name)); \
  if (!out.api.name) missing += (missing.empty() ? "" : ", ") + std::string(#name);
  FERRY_DUCKDB_FUNCTIONS(FERRY_DUCKDB_RESOLVE)
#undef FERRY_DUCKDB_RESOLVE
  if (!missing.empty())
    out.status = Status::Internal("DuckDB's library " + path + " lacks " + missing +
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
