#include "transform/sql_functions.h"

#include <optional>
#include <string>
#include <string_view>

#include "core/sip_uri.h"
#include "core/uuid.h"
#include "engines/duckdb/api.h"
#include "engines/duckdb/handles.h"
#include "engines/duckdb/vector_fill.h"

namespace ferry::transform {
namespace {


// One VARCHAR argument of a scalar function call.
struct TextArg {
  const duckdb_string_t* data;
  const uint64_t* validity;
  TextArg(duckdb_data_chunk input, idx_t index) {
    duckdb_vector v = duckdb::Api().duckdb_data_chunk_get_vector(input, index);
    data = static_cast<const duckdb_string_t*>(duckdb::Api().duckdb_vector_get_data(v));
    validity = duckdb::Api().duckdb_vector_get_validity(v);
  }
  std::optional<std::string_view> At(idx_t row) const {
    if (!duckdb::RowValid(validity, row)) return std::nullopt;
    return duckdb::StringOf(data[row]);
  }
};

void SetNull(duckdb_vector out, idx_t row) {
  duckdb::Api().duckdb_vector_ensure_validity_writable(out);
  duckdb::Api().duckdb_validity_set_row_invalid(duckdb::Api().duckdb_vector_get_validity(out), row);
}

void UuidV5Function(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector out) {
  const idx_t rows = duckdb::Api().duckdb_data_chunk_get_size(input);
  TextArg ns_arg(input, 0), name_arg(input, 1);
  unsigned char ns[kUuidBytes], id[kUuidBytes];
  std::string text;
  for (idx_t row = 0; row < rows; ++row) {
    auto ns_text = ns_arg.At(row);
    auto name = name_arg.At(row);
    if (!ns_text || !name) {
      SetNull(out, row);
      continue;
    }
    if (!UuidNamespace(*ns_text, ns)) {
      std::string msg = "uuid_v5: namespace '" + std::string(*ns_text) + "' is no UUID nor dns, url, oid or x500";
      duckdb::Api().duckdb_scalar_function_set_error(info, msg.c_str());
      return;
    }
    UuidV5(ns, *name, id);
    text.clear();
    AppendUuid(id, &text);
    duckdb::Api().duckdb_vector_assign_string_element_len(out, row, text.data(), text.size());
  }
}

// sip_user/host/params: `Part` picks the text of a parsed URI.
template <std::string SipUri::*Part>
void SipTextFunction(duckdb_function_info, duckdb_data_chunk input, duckdb_vector out) {
  const idx_t rows = duckdb::Api().duckdb_data_chunk_get_size(input);
  TextArg arg(input, 0);
  for (idx_t row = 0; row < rows; ++row) {
    auto text = arg.At(row);
    std::optional<SipUri> uri = text ? ParseSipUri(*text) : std::nullopt;
    if (!uri) {
      SetNull(out, row);
      continue;
    }
    const std::string& part = (*uri).*Part;
    duckdb::Api().duckdb_vector_assign_string_element_len(out, row, part.data(), part.size());
  }
}

void SipPortFunction(duckdb_function_info, duckdb_data_chunk input, duckdb_vector out) {
  const idx_t rows = duckdb::Api().duckdb_data_chunk_get_size(input);
  TextArg arg(input, 0);
  auto* ports = static_cast<int32_t*>(duckdb::Api().duckdb_vector_get_data(out));
  for (idx_t row = 0; row < rows; ++row) {
    auto text = arg.At(row);
    std::optional<SipUri> uri = text ? ParseSipUri(*text) : std::nullopt;
    if (!uri || !uri->port) {
      SetNull(out, row);
      continue;
    }
    ports[row] = *uri->port;
  }
}

Status Register(duckdb_connection con, const char* name, int arity, duckdb_type returns,
                duckdb_scalar_function_t fn) {
  duckdb_scalar_function f = duckdb::Api().duckdb_create_scalar_function();
  duckdb::Api().duckdb_scalar_function_set_name(f, name);
  duckdb::LogicalTypeHandle varchar, result;
  *varchar.out() = duckdb::Api().duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
  *result.out() = duckdb::Api().duckdb_create_logical_type(returns);
  for (int i = 0; i < arity; ++i) duckdb::Api().duckdb_scalar_function_add_parameter(f, varchar.get());
  duckdb::Api().duckdb_scalar_function_set_return_type(f, result.get());
  duckdb::Api().duckdb_scalar_function_set_function(f, fn);
  duckdb_state st = duckdb::Api().duckdb_register_scalar_function(con, f);
  duckdb::Api().duckdb_destroy_scalar_function(&f);
  if (st != DuckDBSuccess) return Status::Internal(std::string("transform: cannot register ") + name);
  return Status::OK();
}

}  // namespace

Status RegisterSqlFunctions(duckdb_connection con) {
  FERRY_RETURN_NOT_OK(Register(con, "uuid_v5", 2, DUCKDB_TYPE_VARCHAR, UuidV5Function));
  FERRY_RETURN_NOT_OK(Register(con, "sip_user", 1, DUCKDB_TYPE_VARCHAR, SipTextFunction<&SipUri::user>));
  FERRY_RETURN_NOT_OK(Register(con, "sip_host", 1, DUCKDB_TYPE_VARCHAR, SipTextFunction<&SipUri::host>));
  FERRY_RETURN_NOT_OK(Register(con, "sip_params", 1, DUCKDB_TYPE_VARCHAR, SipTextFunction<&SipUri::params>));
  FERRY_RETURN_NOT_OK(Register(con, "sip_port", 1, DUCKDB_TYPE_INTEGER, SipPortFunction));
  return Status::OK();
}

}  // namespace ferry::transform
