#include "engines/duckdb/vector_fill.h"

#include <cstdint>

#include "engines/duckdb/api.h"

namespace ferry::duckdb {
namespace {

inline void SetValid(uint64_t* validity, idx_t row, bool valid) {
  uint64_t bit = uint64_t{1} << (row & 63);
  if (valid) {
    validity[row >> 6] |= bit;
  } else {
    validity[row >> 6] &= ~bit;
  }
}

// PostgreSQL writes intervals as "-1 days +02:00:00"; DuckDB reads
// everything of that form except a '+' that opens a field, so it is dropped.
void FillIntervals(const Column& col, size_t begin, size_t n, duckdb_vector vec) {
  std::string text;
  for (idx_t i = 0; i < n; ++i) {
    if (col.IsNull(begin + i)) continue;
    std::string_view v = col.String(begin + i);
    text.clear();
    for (size_t k = 0; k < v.size(); ++k) {
      if (v[k] == '+' && (k == 0 || v[k - 1] == ' ')) continue;
      text.push_back(v[k]);
    }
    Api().duckdb_vector_assign_string_element_len(vec, i, text.data(), text.size());
  }
}

}  // namespace

duckdb_type ChunkType(const LogicalType& type) {
  switch (type.id) {
    case TypeId::kBool: return DUCKDB_TYPE_BOOLEAN;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return DUCKDB_TYPE_BIGINT;
    case TypeId::kFloat32:
    case TypeId::kFloat64: return DUCKDB_TYPE_DOUBLE;
    case TypeId::kDate: return DUCKDB_TYPE_DATE;
    case TypeId::kTime: return DUCKDB_TYPE_TIME;
    case TypeId::kTimestamp: return DUCKDB_TYPE_TIMESTAMP;
    case TypeId::kTimestampTz: return DUCKDB_TYPE_TIMESTAMP_TZ;
    case TypeId::kBytes: return DUCKDB_TYPE_BLOB;
    default: return DUCKDB_TYPE_VARCHAR;
  }
}

Status FillVector(const Column& col, size_t begin, size_t n, duckdb_vector vec, const std::string& what) {
  Api().duckdb_vector_ensure_validity_writable(vec);
  uint64_t* validity = Api().duckdb_vector_get_validity(vec);
  void* data = Api().duckdb_vector_get_data(vec);
  for (idx_t i = 0; i < n; ++i) SetValid(validity, i, !col.IsNull(begin + i));
  switch (ChunkType(col.type())) {
    case DUCKDB_TYPE_BOOLEAN: {
      bool* out = static_cast<bool*>(data);
      for (idx_t i = 0; i < n; ++i) out[i] = col.Int(begin + i) != 0;
      break;
    }
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_TIME:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ: {
      int64_t* out = static_cast<int64_t*>(data);
      for (idx_t i = 0; i < n; ++i) out[i] = col.Int(begin + i);
      break;
    }
    case DUCKDB_TYPE_DATE: {
      int32_t* out = static_cast<int32_t*>(data);
      for (idx_t i = 0; i < n; ++i) {
        int64_t days = col.Int(begin + i);
        if (days < INT32_MIN || days > INT32_MAX)
          return Status::Data(what + ": date out of range (" + std::to_string(days) + " days)");
        out[i] = static_cast<int32_t>(days);
      }
      break;
    }
    case DUCKDB_TYPE_DOUBLE: {
      double* out = static_cast<double*>(data);
      for (idx_t i = 0; i < n; ++i) out[i] = col.Double(begin + i);
      break;
    }
    default:  // VARCHAR, BLOB: copied into the vector's string heap
      if (col.type().id == TypeId::kInterval) {
        FillIntervals(col, begin, n, vec);
        break;
      }
      for (idx_t i = 0; i < n; ++i) {
        if (col.IsNull(begin + i)) continue;
        std::string_view v = col.String(begin + i);
        Api().duckdb_vector_assign_string_element_len(vec, i, v.data(), v.size());
      }
      break;
  }
  return Status::OK();
}

}  // namespace ferry::duckdb
