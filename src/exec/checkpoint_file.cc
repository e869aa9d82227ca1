// Checkpoints of a target without transactions, in one JSON file:
//   {"ferry_checkpoints": 1, "runs": {"<run key>": {"fingerprint", "source",
//    "target", "phase", "post_steps", "parts": [{"table", "range_lo",
//    "range_hi", "after", "rows", "bytes", "done"}]}}}
// Every change rewrites the whole file with ReplaceFileAtomically, so a
// crash leaves the old or the new file, never a torn one.
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/atomic_file.h"
#include "exec/checkpoint.h"

namespace ferry {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<int64_t> OptInt(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<int64_t>();
}

class FileCheckpointStore final : public CheckpointStore {
 public:
  FileCheckpointStore(std::string path, std::string run_key, std::string fingerprint, std::string source,
                      std::string target, json doc)
      : path_(std::move(path)), run_key_(std::move(run_key)), fingerprint_(std::move(fingerprint)),
        source_(std::move(source)), target_(std::move(target)), doc_(std::move(doc)) {}

  Status Load();

  Status Clear() override {
    std::lock_guard lock(mu_);
    doc_["runs"].erase(run_key_);
    return SaveLocked();
  }
  Status Start() override {
    std::lock_guard lock(mu_);
    doc_["runs"][run_key_] = json{{"fingerprint", fingerprint_}, {"source", source_}, {"target", target_},
                                  {"phase", "schema"}, {"post_steps", 0}, {"parts", json::array()}};
    return SaveLocked();
  }
  Status Begin(const std::vector<PartCheckpoint>& parts) override {
    std::lock_guard lock(mu_);
    json& run = doc_["runs"][run_key_];
    run["parts"] = json::array();
    for (const auto& p : parts)
      run["parts"].push_back(json{{"table", p.table},
                                  {"range_lo", p.range_lo ? json(*p.range_lo) : json()},
                                  {"range_hi", p.range_hi ? json(*p.range_hi) : json()},
                                  {"after", ""}, {"rows", 0}, {"bytes", 0}, {"done", false}});
    run["phase"] = RunPhaseName(RunPhase::kData);
    return SaveLocked();
  }
  Status SetPhase(RunPhase phase) override {
    std::lock_guard lock(mu_);
    doc_["runs"][run_key_]["phase"] = RunPhaseName(phase);
    doc_["runs"][run_key_]["post_steps"] = 0;
    return SaveLocked();
  }
  Status SetPostSteps(int64_t steps) override {
    std::lock_guard lock(mu_);
    doc_["runs"][run_key_]["post_steps"] = steps;
    return SaveLocked();
  }
  Status MarkDone(size_t part, int64_t rows_done) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(json * p, Part(part));
    (*p)["done"] = true;
    (*p)["rows"] = rows_done;
    return SaveLocked();
  }
  Result<PartCheckpoint> ReadPart(size_t part) override {
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(json * p, Part(part));
    PartCheckpoint out;
    out.after_json = p->value("after", "");
    out.rows_done = p->value("rows", int64_t{0});
    out.bytes = p->value("bytes", int64_t{0});
    return out;
  }
  std::string CheckpointSql(size_t part, const std::string& after_json, int64_t rows_done) const override {
    return json{{"part", part}, {"after", after_json}, {"rows", rows_done}}.dump();
  }
  Status Finish() override {
    std::lock_guard lock(mu_);
    doc_["runs"].erase(run_key_);
    if (!doc_["runs"].empty()) return SaveLocked();
    std::error_code ec;
    fs::remove(path_, ec);
    if (ec) return Status::Target("cannot remove checkpoint file " + path_ + ": " + ec.message());
    return Status::OK();
  }
  bool SeparateFromData() const override { return true; }
  Status RecordDurable(const std::string& record, int64_t bytes) override {
    json r = json::parse(record, nullptr, false);
    if (r.is_discarded() || !r.contains("part"))
      return Status::Internal("not a checkpoint record: " + record.substr(0, 100));
    std::lock_guard lock(mu_);
    FERRY_ASSIGN_OR_RETURN(json * p, Part(r["part"].get<size_t>()));
    (*p)["after"] = r["after"];
    (*p)["rows"] = r["rows"];
    (*p)["bytes"] = bytes;
    return SaveLocked();
  }
  std::optional<int64_t> DurableBytes(size_t part) const override {
    std::lock_guard lock(mu_);
    auto runs = doc_.find("runs");
    if (runs == doc_.end() || !runs->contains(run_key_)) return std::nullopt;
    const json& parts = (*runs)[run_key_]["parts"];
    if (part >= parts.size()) return std::nullopt;
    return parts[part].value("bytes", int64_t{0});
  }

 private:
  Result<json*> Part(size_t part) {
    json& parts = doc_["runs"][run_key_]["parts"];
    if (!parts.is_array() || part >= parts.size())
      return Status::Target("checkpoint of task #" + std::to_string(part) + " is missing from " + path_);
    return &parts[part];
  }
  Status SaveLocked() {
    Status st = ReplaceFileAtomically(path_, doc_.dump(1) + "\n");
    return st.ok() ? st : Status::Target("checkpoint file: " + st.message());
  }

  mutable std::mutex mu_;
  std::string path_, run_key_, fingerprint_, source_, target_;
  json doc_;
};

}  // namespace

Result<std::unique_ptr<CheckpointStore>> OpenFileCheckpoints(const std::string& path, const std::string& source_name,
                                                             const std::string& target_name,
                                                             std::string fingerprint) {
  json doc = json{{"ferry_checkpoints", 1}, {"runs", json::object()}};
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    doc = json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("runs") || !doc["runs"].is_object())
      return Status::Target("checkpoint file " + path +
                            " is not one ferry wrote; move it away or start over with --restart");
  }
  auto store = std::make_unique<FileCheckpointStore>(path, CheckpointStore::RunKey(source_name, target_name),
                                                     fingerprint, source_name, target_name, doc);
  FERRY_RETURN_NOT_OK(store->Load());
  return std::unique_ptr<CheckpointStore>(std::move(store));
}

Status FileCheckpointStore::Load() {
  auto runs = doc_.find("runs");
  if (runs == doc_.end() || !runs->contains(run_key_)) return Status::OK();
  const json& run = (*runs)[run_key_];
  found_fingerprint_ = run.value("fingerprint", "");
  const std::string phase = run.value("phase", "");
  found_phase_ = ParseRunPhase(phase);
  found_post_steps_ = run.value("post_steps", int64_t{0});
  if (run.contains("parts") && run["parts"].is_array()) {
    for (const auto& p : run["parts"]) {
      PartCheckpoint part;
      part.table = p.value("table", "");
      part.range_lo = OptInt(p, "range_lo");
      part.range_hi = OptInt(p, "range_hi");
      part.after_json = p.value("after", "");
      part.rows_done = p.value("rows", int64_t{0});
      part.bytes = p.value("bytes", int64_t{0});
      part.done = p.value("done", false);
      found_parts_.push_back(std::move(part));
    }
  }
  return Status::OK();
}

}  // namespace ferry
