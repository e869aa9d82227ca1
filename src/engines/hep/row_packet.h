// RowPacket: one row of a Homer 7 capture table (heplify-server's
// hep_proto_* layout, reference homer.md part 2) as one HEP3 packet.
//
// Columns, found by name in the batch: `protocol_header` (JSON) and `raw`
// (the payload) are required; `create_date` (time when the header has no
// timeSeconds), `sid` (correlation id when the header has none) and `id`
// (named in errors) are used when present. From protocol_header:
//   protocolFamily, protocol, srcIp/dstIp, srcPort/dstPort, timeSeconds/
//   timeUseconds, payloadType, captureId, capturePass, correlation_id.
// Numbers may be JSON numbers or decimal strings (eras differ). The address
// text decides the family (IPv6 goes in chunks 0x0005/0x0006, never in the
// IPv4 ones); a header family that disagrees is an error. captureId, a
// string since 2019 (a number before): decimal -> chunk 0x000c; anything
// else is the agent's node name -> chunk 0x0013 (with 0x000c = 0), as
// heplify-server stored it. `capture_id` overrides 0x000c for every row.
// payloadType defaults to the N of a "hep_proto_N_..." table name.
//
// A row that cannot be one valid packet (no address, a port over 65535, a
// payload over the packet limit) is refused with kData naming the row's id
// and why: never cut, never sent half. Thread-compatible (const after Make).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/record_batch.h"
#include "core/result.h"
#include "hep/hep3.h"

namespace ferry::hep {

struct ReplayOptions {
  std::optional<uint32_t> capture_id;       // --hep-capture-id
  size_t max_packet_bytes = kHep3MaxLength;  // kHep3MaxUdpLength over UDP
};

class RowPacket {
 public:
  // Finds the columns; an error names the table and the missing column.
  static Result<RowPacket> Make(const std::string& table, const std::vector<Field>& fields, ReplayOptions options);

  Result<HepPacket> Build(const RecordBatch& batch, size_t row) const;
  // Build + EncodeHep3 + the size limit: the packet's wire bytes.
  Result<std::string> Encode(const RecordBatch& batch, size_t row) const;

 private:
  RowPacket() = default;
  std::string RowName(const RecordBatch& batch, size_t row) const;
  Status FillFromHeader(std::string_view header_text, HepPacket* p) const;

  std::string table_;
  ReplayOptions options_;
  int header_ = -1, raw_ = -1, create_date_ = -1, sid_ = -1, id_ = -1;
  std::optional<uint8_t> table_payload_type_;
};

}  // namespace ferry::hep
