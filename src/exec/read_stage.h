// ReadStage: the start of a task. A thread reads the source table through
// its TableReader into a bounded BatchQueue, so reading overlaps the rest of
// the task and memory stays at `depth` batches. The consumer takes batches
// with Next() on its own thread, which counts their rows and bytes as read
// in the table's JobStats; Finish() joins and returns what stopped the reading.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/batch_queue.h"
#include "engines/engine.h"
#include "exec/job_stats.h"

namespace ferry {

class ReadStage {
 public:
  // `fields` are the ReadSpec's columns; `cancel` (may be null) stops the
  // reading between batches.
  ReadStage(std::unique_ptr<TableReader> reader, std::vector<Field> fields, std::string table, size_t depth,
            JobStats* stats, const std::atomic<bool>* cancel);
  ~ReadStage();  // stops and joins the thread if Finish() was not called
  ReadStage(const ReadStage&) = delete;
  ReadStage& operator=(const ReadStage&) = delete;

  // The next batch; nullptr at the end of the table or once reading failed.
  // Its rows and bytes count as read once taken, so a task that reads again
  // after its last commit takes back only what it consumed.
  std::unique_ptr<RecordBatch> Next();
  // Hands a consumed batch back for the reader to fill again, so a scan
  // that only looks at its batches (verify) allocates `depth` + 2 of them.
  void Recycle(std::unique_ptr<RecordBatch> batch);
  // The consumer stops early: the reader ends at its next batch.
  void Abort(const Status& why) { queue_.Abort(why); }
  // Joins the reader; OK when the table was read to its end.
  Status Finish();

 private:
  void Run();

  std::mutex free_mu_;
  std::vector<std::unique_ptr<RecordBatch>> free_;  // recycled batches
  std::unique_ptr<TableReader> reader_;
  std::vector<Field> fields_;
  std::string table_;
  BatchQueue queue_;
  JobStats* stats_;
  const std::atomic<bool>* cancel_;
  std::thread thread_;
};

}  // namespace ferry
