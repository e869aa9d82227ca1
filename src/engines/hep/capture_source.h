// The HEP capture source: `hep+udp://HOST:PORT` or `hep+tcp://HOST:PORT`
// named as a copy's SOURCE listens there (hep/listener.h) and reads each
// packet as one row of one table, so `ferry hep listen --to DB` (and `ferry
// copy hep+udp://... DB`) capture HEP traffic into any target through the
// one executor.
//
// The table (`?table=NAME`, default hep_capture) has the columns of
// heplify-server's hep_proto_* tables: id (arrival order from 1), sid (the
// correlation id, else a SIP payload's Call-ID), create_date (the packet's
// time), protocol_header (the JSON heplify-server writes: ProtocolHeaderJson),
// data_header ({"node", "proto"}), raw (the payload). A packet that does not
// decode becomes a rejected row (reject file, counted) with its reason.
//
// The table ends after `?max_packets=N` packets, after `?idle=SECONDS`
// without one, or when the run is cancelled (Ctrl-C); a batch is handed on
// at least every 200 ms while packets arrive. One reader at a time: the
// port is bound when the reader opens. Not resumable (live traffic).
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "core/uri.h"
#include "engines/engine.h"
#include "hep/hep3.h"

namespace ferry::hep {

inline constexpr char kDefaultCaptureTable[] = "hep_capture";

Result<std::unique_ptr<Database>> OpenHepCapture(const Uri& uri);

// protocol_header as heplify-server writes it for `p` (reference homer.md
// 2.4): captureId is the node name when one was sent, else the decimal
// capture id; capturePass only when non-empty; correlation_id always.
std::string ProtocolHeaderJson(const HepPacket& p);

}  // namespace ferry::hep
