// The HEP sink: `hep+udp://HOST:PORT` and `hep+tcp://HOST:PORT` replay the
// rows of Homer 7 capture tables (row_packet.h) as HEP3 packets to a
// receiver (a Homer node, heplify-server, `ferry hep listen`), through the
// one executor: filters, --limit, --rate, rejects, progress, summary and
// checkpoints work as for any copy.
//
// A socket holds no schema and keeps nothing to read back: no keys,
// indexes, merges or counts; creating a "table" only names a stream. Its
// checkpoints are a JSON file (`?checkpoint=FILE`, default
// ferry-hep.checkpoint.json in the working directory), replaced atomically
// after each batch the transport has delivered (sender.h: UDP handed to
// the kernel; TCP acknowledged by the receiver). A re-run after a kill
// resumes each table after the last (create_date, id) recorded.
//
// URI parameters: checkpoint=FILE, capture_id=N (chunk 0x000c of every
// packet; --hep-capture-id), build_only=1 (packets are built and counted,
// no socket is opened: `homer hep --dry-run`). Writers pace their own sends to --rate in
// groups of 16 packets, so the flow is even within a batch.
#pragma once

#include <memory>

#include "core/result.h"
#include "core/uri.h"
#include "engines/sink.h"

namespace ferry::hep {

inline constexpr char kDefaultCheckpointFile[] = "ferry-hep.checkpoint.json";

// `dry_run`: connects nothing; describes what a run would send.
Result<std::unique_ptr<Sink>> OpenHepSink(const Uri& uri, bool dry_run);

}  // namespace ferry::hep
