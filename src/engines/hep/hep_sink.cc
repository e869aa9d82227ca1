#include "engines/hep/hep_sink.h"

#include <charconv>

#include "core/crash_point.h"
#include "engines/hep/dialect.h"
#include "engines/hep/row_packet.h"
#include "engines/hep/sender.h"

namespace ferry::hep {

namespace {

constexpr size_t kPaceGroup = 16;        // packets per --rate step: smooth, yet few syscalls
constexpr int kAckTimeoutMs = 30'000;    // TCP: how long a receiver may take to acknowledge a batch

SinkCapabilities HepCapabilities() {
  SinkCapabilities c;
  c.keys = c.indexes = c.defaults = c.auto_increment = false;
  c.primary_keys = c.foreign_keys = SinkCapabilities::When::kNone;
  c.loads_into_existing = c.merges = c.readable = false;
  c.key_range_writers = false;
  c.counts_rows = false;
  c.paces_sends = true;
  c.keeps_finished_checkpoint = true;  // a receiver cannot tell a packet sent twice
  c.resume = SinkCapabilities::Resume::kAfterDurableData;
  c.default_commit_rows = 1;  // a checkpoint after every batch, as seed 000's replay keeps it
  c.noun = "stream";
  return c;
}

class HepWriter final : public TableWriter {
 public:
  HepWriter(RowPacket packets, std::unique_ptr<HepSender> sender, WriteSpec spec)
      : packets_(std::move(packets)), sender_(std::move(sender)), spec_(std::move(spec)) {}

  Status Commit() override {
    FERRY_RETURN_NOT_OK(sender_->Flush(kAckTimeoutMs));
    ++commits_;
    CrashPoint("hep-delivered", commits_);
    if (spec_.on_durable && !pending_checkpoint_.empty()) {
      FERRY_RETURN_NOT_OK(spec_.on_durable(pending_checkpoint_, sender_->bytes_sent()));
      pending_checkpoint_.clear();
    }
    CrashPoint("hep-recorded", commits_);
    return Status::OK();
  }

 protected:
  // Every row is encoded before the first is sent, so a row that cannot be
  // a packet (kData) leaves nothing of the call sent and the executor can
  // halve the range down to it.
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override {
    wire_.clear();
    ends_.clear();
    for (size_t r = begin; r < end; ++r) {
      FERRY_ASSIGN_OR_RETURN(std::string bytes, packets_.Encode(batch, r));
      wire_ += bytes;
      ends_.push_back(wire_.size());
    }
    std::vector<std::string_view> group;
    size_t start = 0;
    for (size_t i = 0; i < ends_.size(); i += kPaceGroup) {
      group.clear();
      const size_t stop = std::min(ends_.size(), i + kPaceGroup);
      for (size_t k = i; k < stop; ++k) {
        group.emplace_back(wire_.data() + start, ends_[k] - start);
        start = ends_[k];
      }
      if (spec_.pace) spec_.pace(static_cast<int64_t>(group.size()));
      FERRY_RETURN_NOT_OK(sender_->Send(group));
    }
    counts->inserted += static_cast<int64_t>(end - begin);
    if (!checkpoint.empty()) pending_checkpoint_ = checkpoint;
    return Status::OK();
  }

 private:
  RowPacket packets_;
  std::unique_ptr<HepSender> sender_;
  WriteSpec spec_;
  std::string wire_;          // the call's packets back to back
  std::vector<size_t> ends_;  // where each packet ends in wire_
  std::string pending_checkpoint_;
  int64_t commits_ = 0;
};

class HepSink final : public Sink {
 public:
  HepSink(Uri uri, bool dry_run, std::optional<uint32_t> capture_id, bool build_only)
      : uri_(std::move(uri)), dry_run_(dry_run), build_only_(build_only), capture_id_(capture_id),
        capabilities_(HepCapabilities()) {
    auto it = uri_.params.find("checkpoint");
    checkpoint_path_ = it != uri_.params.end() && !it->second.empty() ? it->second : kDefaultCheckpointFile;
  }

  std::string DisplayName() const override {
    return uri_.Redacted() + (build_only_ ? " (packets built, not sent)" : "");
  }
  const SinkCapabilities& capabilities() const override { return capabilities_; }
  const Dialect& dialect() const override { return dialect_; }
  Result<Catalog> Introspect() override { return Catalog{}; }

  Result<std::vector<std::string>> Describe(const SchemaOp& op) const override {
    if (op.kind == SchemaOp::Kind::kCreateTable)
      return std::vector<std::string>{"send the rows of " + op.table.name + " as HEP3 packets to " + Receiver()};
    return std::vector<std::string>{"nothing to do for " + op.table.name + ": a HEP receiver keeps no tables"};
  }

  Status Apply(const SchemaOp& op, const std::function<Status()>& record, bool) override {
    if (dry_run_) return Status::Internal("a dry run sends nothing");
    return record ? record() : Status::OK();
  }

  Result<std::unique_ptr<TableWriter>> OpenWriter(const WriteSpec& spec) override {
    if (dry_run_) return Status::Internal("a dry run sends nothing");
    if (spec.on_conflict != ConflictMode::kInsert)
      return Status::Unsupported("a HEP receiver cannot merge rows (--on-conflict)");
    ReplayOptions options;
    options.capture_id = capture_id_;
    if (uri_.scheme == "hep+udp") options.max_packet_bytes = kHep3MaxUdpLength;
    FERRY_ASSIGN_OR_RETURN(RowPacket packets, RowPacket::Make(spec.table, spec.columns, options));
    std::unique_ptr<HepSender> sender = HepSender::Discard();
    if (!build_only_) {
      FERRY_ASSIGN_OR_RETURN(sender, HepSender::Connect(uri_.scheme == "hep+tcp", uri_.host, uri_.port));
    }
    return std::unique_ptr<TableWriter>(new HepWriter(std::move(packets), std::move(sender), spec));
  }

  Result<int64_t> CountRows(const std::string&) override {
    return Status::Unsupported("a HEP receiver keeps no rows to count");
  }

  std::string CheckpointPath() const override { return checkpoint_path_; }

 private:
  std::string Receiver() const { return uri_.Redacted().substr(4); }  // "udp://host:port"

  Uri uri_;
  bool dry_run_;
  bool build_only_;  // ?build_only=1: packets are built and counted, never sent
  std::optional<uint32_t> capture_id_;
  HepDialect dialect_;
  SinkCapabilities capabilities_;
  std::string checkpoint_path_;
};

}  // namespace

Result<std::unique_ptr<Sink>> OpenHepSink(const Uri& uri, bool dry_run) {
  std::optional<uint32_t> capture_id;
  if (auto it = uri.params.find("capture_id"); it != uri.params.end() && !it->second.empty()) {
    uint32_t v = 0;
    const std::string& text = it->second;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
      return Status::InvalidInput("capture_id=" + text + " is not a capture id (0 to 4294967295)");
    if (v != 0) capture_id = v;  // 0 keeps each row's own, as homer-core's --hep-capture-id 0
  }
  bool build_only = false;
  if (auto it = uri.params.find("build_only"); it != uri.params.end()) {
    if (it->second != "0" && it->second != "1") return Status::InvalidInput("build_only=" + it->second + " takes 0 or 1");
    build_only = it->second == "1";
  }
  for (const auto& [key, value] : uri.params)
    if (key != "checkpoint" && key != "capture_id" && key != "build_only")
      return Status::InvalidInput("unknown parameter '" + key + "' of " + uri.scheme +
                                  " (known: checkpoint, capture_id, build_only)");
  return std::unique_ptr<Sink>(new HepSink(uri, dry_run, capture_id, build_only));
}

}  // namespace ferry::hep
