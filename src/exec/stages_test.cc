// Each task stage alone: the read stage, the row stages and the write
// stage, on in-memory readers and writers, so what each one does to a
// batch is seen without an engine.
#include <gtest/gtest.h>

#include <chrono>

#include "exec/rate_limiter.h"
#include "exec/read_stage.h"
#include "exec/stage.h"
#include "exec/write_stage.h"

namespace ferry {
namespace {

// Ids 0..n-1 in an int column and their text in a text column.
std::unique_ptr<RecordBatch> Rows(int64_t first, int64_t n) {
  auto b = std::make_unique<RecordBatch>(std::vector<Field>{{"id", LogicalType(TypeId::kInt64)},
                                                            {"v", LogicalType::Text()}});
  for (int64_t i = first; i < first + n; ++i) {
    b->column(0).AppendInt(i);
    b->column(1).AppendString(std::to_string(i));
    b->FinishRow();
  }
  return b;
}

struct Rejected {
  int64_t id;
  int column;
  std::string reason;
  std::string original;
};

class RecordingRejecter : public RowRejecter {
 public:
  Status Reject(const RecordBatch& batch, size_t row, int column, const std::string& reason,
                const std::string* original) override {
    rejected.push_back({batch.column(0).Int(row), column, reason, original ? *original : ""});
    return Status::OK();
  }
  void Note(const std::string& note) override { notes.push_back(note); }
  std::vector<Rejected> rejected;
  std::vector<std::string> notes;
};

TEST(Stages, IssuesStageRejectsFlaggedRowsOnceAndNotesNulledValues) {
  InFlight b(Rows(0, 6));
  b.batch->issues().push_back({RowIssue::Kind::kReject, 1, 1, "bad text", "x\xff"});
  b.batch->issues().push_back({RowIssue::Kind::kReject, 1, 0, "second issue, same row", ""});
  b.batch->issues().push_back({RowIssue::Kind::kNulled, 2, 1, "invalid date", ""});
  b.batch->issues().push_back({RowIssue::Kind::kReject, 4, 1, "too long", "long"});
  RecordingRejecter rejecter;
  ASSERT_TRUE(MakeIssuesStage(&rejecter)->Process(&b).ok());
  ASSERT_EQ(rejecter.rejected.size(), 2u);
  EXPECT_EQ(rejecter.rejected[0].id, 1);
  EXPECT_EQ(rejecter.rejected[0].original, "x\xff");
  EXPECT_EQ(rejecter.rejected[1].id, 4);
  EXPECT_EQ(rejecter.notes, std::vector<std::string>{"v: invalid date"});
  ASSERT_EQ(b.batch->num_rows(), 4u);
  EXPECT_EQ(b.batch->column(0).Int(2), 3);
  EXPECT_EQ(b.origin, (std::vector<uint32_t>{0, 2, 3, 5})) << "each kept row remembers where it was read";
  EXPECT_EQ(b.read_rows, 6u);
  EXPECT_TRUE(b.batch->issues().empty());
}

TEST(Stages, ConvertStageConvertsAndRejectsWhatItCannotConvertExactly) {
  InFlight b(Rows(0, 3));
  b.batch->column(1) = Column(LogicalType::Text());
  for (const char* v : {"12", "99999", "abc"}) b.batch->column(1).AppendString(v);
  std::vector<ColumnMapping> columns = {
      {"id", "id", LogicalType(TypeId::kInt64), LogicalType(TypeId::kInt64), CastFunction::kNone},
      {"v", "n", LogicalType::Text(), LogicalType(TypeId::kInt16), CastFunction::kNone}};
  RecordingRejecter rejecter;
  ASSERT_TRUE(MakeConvertStage(columns, &rejecter)->Process(&b).ok());
  ASSERT_EQ(b.batch->num_rows(), 1u);
  EXPECT_EQ(b.batch->fields()[1].name, "n");
  EXPECT_EQ(b.batch->column(1).Int(0), 12);
  ASSERT_EQ(rejecter.rejected.size(), 2u);
  EXPECT_EQ(rejecter.rejected[0].original, "99999");
  EXPECT_EQ(rejecter.rejected[1].original, "abc");
  EXPECT_EQ(b.origin, std::vector<uint32_t>{0});
}

TEST(Stages, NullColumnsStageClearsOnlyTheNamedColumns) {
  InFlight b(Rows(0, 3));
  ASSERT_TRUE(MakeNullColumnsStage({1})->Process(&b).ok());
  for (size_t r = 0; r < 3; ++r) {
    EXPECT_TRUE(b.batch->column(1).IsNull(r));
    EXPECT_EQ(b.batch->column(0).Int(r), static_cast<int64_t>(r));
  }
}

TEST(Stages, PaceStageHoldsRowsToTheRate) {
  RateLimiter rate(1000);  // rows per second
  auto pace = MakePaceStage(&rate);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 4; ++i) {
    InFlight b(Rows(0, 100));
    ASSERT_TRUE(pace->Process(&b).ok());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(seconds, 0.25) << "400 rows at 1000/s";
  EXPECT_LT(seconds, 2.0);
}

TEST(Stages, CopyStagesListsOnlyWhatTheTaskNeeds) {
  TableJob job;
  RecordingRejecter rejecter;
  RateLimiter rate(10);
  auto names = [](const std::vector<std::unique_ptr<Stage>>& stages) {
    std::vector<std::string> out;
    for (const auto& s : stages) out.emplace_back(s->name());
    return out;
  };
  EXPECT_EQ(names(CopyStages(job, {}, nullptr, &rejecter)), (std::vector<std::string>{"issues", "convert"}));
  EXPECT_EQ(names(CopyStages(job, {2}, &rate, &rejecter)),
            (std::vector<std::string>{"issues", "convert", "null-columns", "pace"}));
}

// Yields `batches` batches of `rows` rows, then fails if `fail` is set.
class ListReader : public TableReader {
 public:
  ListReader(int batches, int rows, bool fail) : batches_(batches), rows_(rows), fail_(fail) {}
  Result<bool> Next(RecordBatch* batch) override {
    if (served_ == batches_) {
      if (fail_) return Status::Source("connection lost");
      return false;
    }
    *batch = std::move(*Rows(int64_t{served_} * rows_, rows_));
    ++served_;
    return true;
  }

 private:
  int batches_, rows_, served_ = 0;
  bool fail_;
};

TEST(Stages, ReadStageHandsOverEveryBatchInOrderAndCountsThem) {
  JobStats stats;
  ReadStage read(std::make_unique<ListReader>(5, 10, false), Rows(0, 0)->fields(), "t", 2, &stats, nullptr);
  int64_t next = 0;
  while (auto b = read.Next())
    for (size_t r = 0; r < b->num_rows(); ++r) EXPECT_EQ(b->column(0).Int(r), next++);
  EXPECT_TRUE(read.Finish().ok());
  EXPECT_EQ(next, 50);
  EXPECT_EQ(stats.rows_read.load(), 50);
  EXPECT_GT(stats.bytes.load(), 0);
}

TEST(Stages, ReadStageReportsTheReadersFailureNamingTheTable) {
  JobStats stats;
  ReadStage read(std::make_unique<ListReader>(2, 10, true), Rows(0, 0)->fields(), "events", 1, &stats, nullptr);
  int batches = 0;
  while (read.Next()) ++batches;
  Status st = read.Finish();
  EXPECT_EQ(batches, 2);
  EXPECT_EQ(st.code(), StatusCode::kSource);
  EXPECT_NE(st.ToString().find("reading events"), std::string::npos) << st.ToString();
}

// Keeps rows in memory; refuses any write that holds id `bad` (kData), as
// a database refuses a statement with one bad row.
class MemoryWriter : public TableWriter {
 public:
  explicit MemoryWriter(int64_t bad) : bad_(bad) {}
  Status Commit() override {
    committed.insert(committed.end(), pending.begin(), pending.end());
    pending.clear();
    ++commits;
    return Status::OK();
  }
  std::vector<int64_t> committed, pending;
  std::vector<std::string> checkpoints;
  int commits = 0;

 protected:
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override {
    for (size_t r = begin; r < end; ++r)
      if (batch.column(0).Int(r) == bad_) return Status::Data("row " + std::to_string(bad_) + " refused");
    for (size_t r = begin; r < end; ++r) pending.push_back(batch.column(0).Int(r));
    counts->inserted += static_cast<int64_t>(end - begin);
    checkpoints.push_back(checkpoint);
    return Status::OK();
  }

 private:
  int64_t bad_;
};

TEST(Stages, WriteStageBisectsToTheRefusedRowAndCheckpointsTheLastRowRead) {
  MemoryWriter writer(/*bad=*/13);
  Task task;
  JobStats stats;
  RecordingRejecter rejecter;
  // The checkpoint names the id of the last row read up to the write's end.
  WriteStage::CheckpointFor checkpoint = [](const InFlight& b, size_t end, size_t rows) {
    const int64_t last = end == 0 ? -1 : static_cast<int64_t>(b.origin[end - 1]);
    return "after row " + std::to_string(last) + " +" + std::to_string(rows);
  };
  WriteStage write(&writer, &task, &stats, &rejecter, checkpoint, /*commit_rows=*/1000);
  InFlight b(Rows(0, 16));
  ASSERT_TRUE(write.Write(std::move(b)).ok());
  ASSERT_TRUE(write.Finish().ok());
  ASSERT_EQ(rejecter.rejected.size(), 1u);
  EXPECT_EQ(rejecter.rejected[0].id, 13);
  EXPECT_NE(rejecter.rejected[0].reason.find("refused"), std::string::npos);
  EXPECT_EQ(writer.committed.size(), 15u);
  EXPECT_EQ(std::count(writer.committed.begin(), writer.committed.end(), 13), 0);
  EXPECT_EQ(stats.rows_written.load(), 15);
  EXPECT_EQ(stats.rows_inserted.load(), 15);
  EXPECT_EQ(task.rows, 15);
  EXPECT_EQ(task.committed.inserted, 15);
  EXPECT_EQ(task.uncommitted.inserted, 0);
  // Halves: [0,8) [8,12) [12,13), 13 rejected, [14,16): the last write
  // covers up to the batch's last row, two rows.
  EXPECT_EQ(writer.checkpoints.back(), "after row 15 +2");
}

TEST(Stages, WriteStageCarriesTheCheckpointPastRowsRejectedAtTheEnd) {
  WriteStage::CheckpointFor checkpoint = [](const InFlight& b, size_t end, size_t rows) {
    return end == b.origin.size() ? std::string("after the batch") : "after row " + std::to_string(b.origin[end - 1]);
  };
  Task task;
  JobStats stats;
  RecordingRejecter rejecter;
  {
    // The target refuses the batch's last row: a write of no rows moves the
    // checkpoint past it.
    MemoryWriter writer(/*bad=*/3);
    WriteStage write(&writer, &task, &stats, &rejecter, checkpoint, 1000);
    InFlight b(Rows(0, 4));
    ASSERT_TRUE(write.Write(std::move(b)).ok());
    EXPECT_EQ(writer.checkpoints, (std::vector<std::string>{"after row 1", "after row 2", "after the batch"}));
    EXPECT_EQ(writer.pending, (std::vector<int64_t>{0, 1, 2}));
  }
  {
    // Every row left as a reject before the write: the same.
    MemoryWriter writer(-1);
    WriteStage write(&writer, &task, &stats, &rejecter, checkpoint, 1000);
    InFlight b(Rows(0, 2));
    b.DropRows({true, true});
    ASSERT_TRUE(write.Write(std::move(b)).ok());
    EXPECT_EQ(writer.checkpoints, std::vector<std::string>{"after the batch"});
    EXPECT_TRUE(writer.pending.empty());
  }
}

TEST(Stages, WriteStageCommitsEveryNRows) {
  MemoryWriter writer(-1);
  Task task;
  JobStats stats;
  RecordingRejecter rejecter;
  WriteStage write(&writer, &task, &stats, &rejecter, nullptr, /*commit_rows=*/25);
  for (int i = 0; i < 6; ++i) {
    InFlight b(Rows(i * 10, 10));
    ASSERT_TRUE(write.Write(std::move(b)).ok());
  }
  EXPECT_EQ(writer.commits, 2) << "after 30 and 60 rows";
  EXPECT_EQ(writer.committed.size(), 60u);
  EXPECT_TRUE(writer.checkpoints.front().empty()) << "no checkpoint for a task that keeps none";
}

// Streams like the PostgreSQL writer: streamed rows wait in `stream` until
// Flush(), which refuses all of them when one holds id `bad` (one COPY).
class StreamingMemoryWriter : public MemoryWriter {
 public:
  explicit StreamingMemoryWriter(int64_t bad) : MemoryWriter(bad), bad_(bad) {}
  bool Streams() const override { return true; }
  Status WriteStreamed(const RecordBatch& batch, const std::string& checkpoint) override {
    for (size_t r = 0; r < batch.num_rows(); ++r) stream.push_back(batch.column(0).Int(r));
    if (!checkpoint.empty()) stream_checkpoint = checkpoint;
    return Status::OK();
  }
  Status Flush() override {
    ++flushes;
    const bool refused = std::count(stream.begin(), stream.end(), bad_) > 0;
    if (!refused) {
      pending.insert(pending.end(), stream.begin(), stream.end());
      if (!stream_checkpoint.empty()) checkpoints.push_back(stream_checkpoint);
    }
    stream.clear();
    stream_checkpoint.clear();
    return refused ? Status::Data("row " + std::to_string(bad_) + " refused") : Status::OK();
  }
  std::vector<int64_t> stream;
  std::string stream_checkpoint;
  int flushes = 0;

 protected:
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override {
    if (!stream.empty()) return Status::Internal("Write while streaming");
    return MemoryWriter::DoWrite(batch, begin, end, checkpoint, counts);
  }

 private:
  int64_t bad_;
};

WriteStage::CheckpointFor LastRowCheckpoint() {
  return [](const InFlight& b, size_t end, size_t rows) {
    return "after row " + std::to_string(b.batch->column(0).Int(end - 1)) + " +" + std::to_string(rows);
  };
}

// Streamed batches land with one flush per commit, carrying only the last
// checkpoint; counts are those of a plain load.
TEST(Stages, StreamingWritesFlushOncePerCommitWithTheLastCheckpoint) {
  StreamingMemoryWriter writer(-1);
  Task task;
  JobStats stats;
  RecordingRejecter rejecter;
  WriteStage write(&writer, &task, &stats, &rejecter, LastRowCheckpoint(), /*commit_rows=*/25);
  for (int i = 0; i < 6; ++i) ASSERT_TRUE(write.Write(InFlight(Rows(i * 10, 10))).ok());
  ASSERT_TRUE(write.Finish().ok());
  EXPECT_EQ(writer.flushes, 2) << "at the commits after 30 and 60 rows; Finish has nothing left";
  EXPECT_EQ(writer.commits, 3);
  EXPECT_EQ(writer.checkpoints, (std::vector<std::string>{"after row 29 +10", "after row 59 +10"}));
  EXPECT_EQ(writer.committed.size(), 60u);
  EXPECT_EQ(stats.rows_written.load(), 60);
  EXPECT_EQ(stats.rows_inserted.load(), 60);
  EXPECT_EQ(task.committed.inserted, 60);
  EXPECT_EQ(task.rows, 60);
}

// A flush the target refuses undoes the whole stream: the stage writes the
// kept batches again one by one and halves the refused one to its row.
TEST(Stages, ARefusedStreamIsReplayedBatchByBatchToTheRow) {
  StreamingMemoryWriter writer(/*bad=*/13);
  Task task;
  JobStats stats;
  RecordingRejecter rejecter;
  WriteStage write(&writer, &task, &stats, &rejecter, LastRowCheckpoint(), /*commit_rows=*/1000);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(write.Write(InFlight(Rows(i * 10, 10))).ok());
  EXPECT_EQ(stats.rows_written.load(), 30) << "counted ahead while streamed";
  ASSERT_TRUE(write.Finish().ok());
  ASSERT_EQ(rejecter.rejected.size(), 1u);
  EXPECT_EQ(rejecter.rejected[0].id, 13);
  EXPECT_EQ(writer.committed.size(), 29u);
  EXPECT_EQ(std::count(writer.committed.begin(), writer.committed.end(), 13), 0);
  EXPECT_EQ(stats.rows_written.load(), 29);
  EXPECT_EQ(stats.rows_inserted.load(), 29);
  EXPECT_EQ(task.rows, 29);
  EXPECT_EQ(task.committed.inserted, 29);
  // Batch [0,10) whole; [10,20) halved around 13; [20,30) whole, whose
  // checkpoint covers the task's 29 rows.
  EXPECT_EQ(writer.checkpoints.front(), "after row 9 +10");
  EXPECT_EQ(writer.checkpoints.back(), "after row 29 +10");
}

// Kept batches are bounded: past the limit the stream is flushed before
// the commit comes.
TEST(Stages, StreamingFlushesWhenTheKeptBatchesReachTheirLimit) {
  StreamingMemoryWriter writer(-1);
  Task task;
  JobStats stats;
  RecordingRejecter rejecter;
  WriteStage write(&writer, &task, &stats, &rejecter, nullptr, /*commit_rows=*/1000, /*max_pending_bytes=*/1);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(write.Write(InFlight(Rows(i * 10, 10))).ok());
  EXPECT_EQ(writer.flushes, 3);
  EXPECT_EQ(writer.commits, 0);
  EXPECT_EQ(writer.pending.size(), 30u);
}

}  // namespace
}  // namespace ferry
