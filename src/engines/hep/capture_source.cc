#include "engines/hep/capture_source.h"

#include <charconv>
#include <chrono>
#include <deque>
#include <nlohmann/json.hpp>

#include "engines/hep/dialect.h"
#include "hep/listener.h"
#include "hep/packet_json.h"

namespace ferry::hep {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kPollMs = 200;  // the longest a received packet waits before its batch goes on

std::string ProtoName(uint8_t type) {
  switch (type) {  // heplify-server's ProtoString
    case 1: return "sip";
    case 5: return "rtcp";
    case 34: return "rtpagent";
    case 35: return "rtcpxr";
    case 38: return "horaclifix";
    case 53: return "dns";
    case 100: return "log";
    default: return std::to_string(type);
  }
}

std::string CaptureIdText(const HepPacket& p) {
  return p.node_name && !p.node_name->empty() ? *p.node_name : std::to_string(p.capture_id);
}

// The Call-ID header of a SIP payload ("Call-ID:" or its compact form "i:").
std::string SipCallId(std::string_view payload) {
  size_t pos = 0;
  while (pos < payload.size()) {
    size_t eol = payload.find('\n', pos);
    std::string_view line = payload.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // end of the headers
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string name(line.substr(0, colon));
      while (!name.empty() && name.back() == ' ') name.pop_back();
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name == "call-id" || name == "i") {
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        return std::string(value);
      }
    }
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return "";
}

std::vector<ColumnSchema> CaptureColumns() {
  auto col = [](std::string name, LogicalType type) {
    ColumnSchema c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.native_type = c.type.ToString();
    c.nullable = false;
    return c;
  };
  return {col("id", LogicalType(TypeId::kInt64)),           col("sid", LogicalType::Text()),
          col("create_date", LogicalType(TypeId::kTimestampTz)), col("protocol_header", LogicalType(TypeId::kJson)),
          col("data_header", LogicalType(TypeId::kJson)),   col("raw", LogicalType::Text())};
}

struct CaptureLimits {
  int64_t max_packets = 0;  // 0: no limit
  double idle_seconds = 0;  // 0: wait for ever
};

class CaptureReader final : public TableReader {
 public:
  CaptureReader(std::unique_ptr<Listener> listener, CaptureLimits limits, BatchLimits batch)
      : listener_(std::move(listener)), limits_(limits), batch_(batch) {}

  Result<bool> Next(RecordBatch* batch) override {
    batch->Reset();
    if (Finished() && pending_.empty()) return false;
    const auto hand_on = Clock::now() + std::chrono::milliseconds(kPollMs);
    while (batch->num_rows() < batch_.max_rows) {
      if (pending_.empty()) {
        if (Finished() || Clock::now() >= hand_on) break;
        FERRY_RETURN_NOT_OK(Receive());
        continue;
      }
      AddRow(std::move(pending_.front()), batch);
      pending_.pop_front();
    }
    return true;  // possibly empty: the run checks for Ctrl-C between batches
  }

 private:
  bool Finished() const {
    if (limits_.max_packets > 0 && seen_ >= limits_.max_packets) return true;
    return limits_.idle_seconds > 0 && Clock::now() - last_packet_ >= std::chrono::duration<double>(limits_.idle_seconds);
  }

  Status Receive() {
    Received got;
    FERRY_RETURN_NOT_OK(listener_->Receive(50, &got));
    for (auto& reason : got.garbage) Keep("", std::move(reason));
    for (auto& bytes : got.packets) Keep(std::move(bytes), "");
    return Status::OK();
  }

  void Keep(std::string bytes, std::string garbage) {
    if (limits_.max_packets > 0 && seen_ >= limits_.max_packets) return;
    ++seen_;
    last_packet_ = Clock::now();
    pending_.push_back({std::move(bytes), std::move(garbage)});
  }

  struct Arrived {
    std::string bytes;
    std::string garbage;  // why a TCP stream held no packet
  };

  void AddRow(Arrived a, RecordBatch* batch) {
    const int64_t id = ++next_id_;
    Result<HepPacket> p = a.garbage.empty() ? DecodeHep3(a.bytes) : Result<HepPacket>(Status::Data(a.garbage));
    batch->column(0).AppendInt(id);
    if (!p.ok()) {
      for (size_t c = 1; c < 6; ++c) batch->column(c).AppendNull();
      RowIssue issue;
      issue.row = batch->num_rows();
      issue.column = 5;
      issue.reason = "not a HEP3 packet: " + p.status().message();
      issue.original = a.bytes.substr(0, 64);  // the reject file escapes what is not text
      batch->issues().push_back(std::move(issue));
      batch->FinishRow();
      return;
    }
    std::string sid = p->correlation_id.value_or("");
    if (sid.empty() && p->proto_type == 1) sid = SipCallId(p->payload);
    nlohmann::ordered_json data_header = {{"node", CaptureIdText(*p)}, {"proto", ProtoName(p->proto_type)}};
    batch->column(1).AppendString(sid);
    batch->column(2).AppendInt(int64_t{p->time_sec} * 1'000'000 + p->time_usec);
    batch->column(3).AppendString(ProtocolHeaderJson(*p));
    batch->column(4).AppendString(data_header.dump());
    batch->column(5).AppendString(p->payload);
    batch->FinishRow();
  }

  std::unique_ptr<Listener> listener_;
  CaptureLimits limits_;
  BatchLimits batch_;
  std::deque<Arrived> pending_;
  int64_t seen_ = 0, next_id_ = 0;
  Clock::time_point last_packet_ = Clock::now();
};

class HepCapture final : public Database {
 public:
  HepCapture(Uri uri, Endpoint endpoint, std::string table, CaptureLimits limits)
      : uri_(std::move(uri)), endpoint_(std::move(endpoint)), table_(std::move(table)), limits_(limits) {}

  const Dialect& dialect() const override { return dialect_; }
  std::string DisplayName() const override { return uri_.Redacted(); }

  Result<Catalog> Introspect() override {
    Catalog catalog;
    TableSchema t;
    t.name = table_;
    t.columns = CaptureColumns();
    catalog.tables.push_back(std::move(t));
    return catalog;
  }

  Result<std::unique_ptr<TableReader>> OpenReader(const ReadSpec& spec) override {
    if (spec.table != table_) return Status::NotFound("a HEP capture has only the table " + table_);
    if (opened_) return Status::Unsupported("a HEP capture is read once: its port is bound by one reader");
    if (spec.columns.size() != 6) return Status::Unsupported("a HEP capture reads all of its columns");
    opened_ = true;
    FERRY_ASSIGN_OR_RETURN(auto listener, Listener::Open(endpoint_));
    return std::unique_ptr<TableReader>(new CaptureReader(std::move(listener), limits_, spec.limits));
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec&) override { return ReadOnly(); }
  Status Execute(const std::string&) override { return ReadOnly(); }
  // Live traffic: how much will come is not known.
  Result<int64_t> CountRows(const std::string&) override { return int64_t{0}; }
  Result<int64_t> QueryInt(const std::string&) override { return ReadOnly(); }
  Result<TextRows> QueryText(const std::string&) override { return ReadOnly(); }
  Result<std::optional<std::pair<int64_t, int64_t>>> KeyBounds(const std::string&, const std::string&) override {
    return std::optional<std::pair<int64_t, int64_t>>();
  }
  Result<std::string> ResetAutoIncrement(const TableSchema&, const ColumnSchema&) override { return ReadOnly(); }

 private:
  Status ReadOnly() const { return Status::Unsupported(uri_.scheme + ":// as a source only receives packets"); }

  Uri uri_;
  Endpoint endpoint_;
  std::string table_;
  CaptureLimits limits_;
  HepDialect dialect_;
  bool opened_ = false;
};

template <typename T>
Status ParseParam(const Uri& uri, const char* key, T* out) {
  auto it = uri.params.find(key);
  if (it == uri.params.end()) return Status::OK();
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  if (ec != std::errc() || end != text.data() + text.size() || *out < 0)
    return Status::InvalidInput(std::string(key) + "=" + text + " is not a non-negative number");
  return Status::OK();
}

}  // namespace

std::string ProtocolHeaderJson(const HepPacket& p) {
  nlohmann::ordered_json j;
  j["protocolFamily"] = p.ip_family;
  j["protocol"] = p.ip_protocol;
  j["srcIp"] = AddressText(p.src_addr);
  j["dstIp"] = AddressText(p.dst_addr);
  j["srcPort"] = p.src_port;
  j["dstPort"] = p.dst_port;
  j["timeSeconds"] = p.time_sec;
  j["timeUseconds"] = p.time_usec;
  j["payloadType"] = p.proto_type;
  j["captureId"] = CaptureIdText(p);
  if (p.auth_key && !p.auth_key->empty()) j["capturePass"] = *p.auth_key;
  j["correlation_id"] = p.correlation_id.value_or("");
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::unique_ptr<Database>> OpenHepCapture(const Uri& uri) {
  Endpoint endpoint;
  endpoint.tcp = uri.scheme == "hep+tcp";
  endpoint.host = uri.host;
  endpoint.port = static_cast<uint16_t>(uri.port);
  std::string table = kDefaultCaptureTable;
  if (auto it = uri.params.find("table"); it != uri.params.end() && !it->second.empty()) table = it->second;
  CaptureLimits limits;
  FERRY_RETURN_NOT_OK(ParseParam(uri, "max_packets", &limits.max_packets));
  FERRY_RETURN_NOT_OK(ParseParam(uri, "idle", &limits.idle_seconds));
  for (const auto& [key, value] : uri.params)
    if (key != "table" && key != "max_packets" && key != "idle")
      return Status::InvalidInput("unknown parameter '" + key + "' of a " + uri.scheme +
                                  " capture (known: table, max_packets, idle)");
  return std::unique_ptr<Database>(new HepCapture(uri, std::move(endpoint), std::move(table), limits));
}

}  // namespace ferry::hep
