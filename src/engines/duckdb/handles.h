// RAII owners for DuckDB C API handles. Every DuckDB destructor takes the
// handle's address; these deleters own a heap box around the handle so a
// std::unique_ptr can hold it. Wrap first, check second: duckdb_result,
// duckdb_appender and duckdb_prepared_statement must be destroyed even when
// the call that produced them failed. Move-only; one thread at a time.
#pragma once

#include <memory>
#include <utility>

#include "engines/duckdb/api.h"

namespace ferry::duckdb {

// A move-only owner of one C handle of type T, released by Destroy(&handle).
template <typename T, auto Destroy>
class Handle {
 public:
  Handle() = default;
  ~Handle() { Reset(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : h_(std::exchange(o.h_, T{})), live_(std::exchange(o.live_, false)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      Reset();
      h_ = std::exchange(o.h_, T{});
      live_ = std::exchange(o.live_, false);
    }
    return *this;
  }

  T get() const { return h_; }
  // The handle's address, for calls that take it without creating it.
  T* ptr() { return &h_; }
  // The out-parameter for a creating call; the handle is owned from then on,
  // even when the call fails.
  T* out() {
    Reset();
    live_ = true;
    return &h_;
  }
  explicit operator bool() const { return live_; }
  void Reset() {
    if (live_) Destroy(&h_);
    h_ = T{};
    live_ = false;
  }

 private:
  T h_{};
  bool live_ = false;
};

inline void DestroyDatabase(duckdb_database* d) { Api().duckdb_close(d); }
inline void DestroyConnection(duckdb_connection* c) { Api().duckdb_disconnect(c); }
inline void DestroyResult(duckdb_result* r) { Api().duckdb_destroy_result(r); }
inline void DestroyAppender(duckdb_appender* a) { Api().duckdb_appender_destroy(a); }
inline void DestroyChunk(duckdb_data_chunk* c) {
  if (*c) Api().duckdb_destroy_data_chunk(c);
}
inline void DestroyPrepared(duckdb_prepared_statement* p) { Api().duckdb_destroy_prepare(p); }
inline void DestroyConfig(duckdb_config* c) { Api().duckdb_destroy_config(c); }
inline void DestroyLogicalType(duckdb_logical_type* t) {
  if (*t) Api().duckdb_destroy_logical_type(t);
}
inline void DestroyErrorData(duckdb_error_data* e) {
  if (*e) Api().duckdb_destroy_error_data(e);
}

using DatabaseHandle = Handle<duckdb_database, DestroyDatabase>;
using ConnectionHandle = Handle<duckdb_connection, DestroyConnection>;
using ResultHandle = Handle<duckdb_result, DestroyResult>;
using AppenderHandle = Handle<duckdb_appender, DestroyAppender>;
using ChunkHandle = Handle<duckdb_data_chunk, DestroyChunk>;
using PreparedHandle = Handle<duckdb_prepared_statement, DestroyPrepared>;
using ConfigHandle = Handle<duckdb_config, DestroyConfig>;
using LogicalTypeHandle = Handle<duckdb_logical_type, DestroyLogicalType>;
using ErrorDataHandle = Handle<duckdb_error_data, DestroyErrorData>;

}  // namespace ferry::duckdb
