#include "engines/files/writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/crash_point.h"

namespace ferry::files {

namespace {

constexpr size_t kFlushBytes = 4 << 20;

class FileWriter final : public TableWriter {
 public:
  FileWriter(std::string path, int fd, WriteSpec spec, std::unique_ptr<RowEncoder> encoder)
      : path_(std::move(path)), fd_(fd), spec_(std::move(spec)), encoder_(std::move(encoder)) {}
  ~FileWriter() override {
    if (fd_ >= 0) ::close(fd_);
  }

  // A file that is empty (new, or cut back to nothing) starts with its header.
  void Start(off_t size) {
    if (size == 0) buffer_ = encoder_->Header(spec_.columns);
  }

  Status Commit() override {
    FERRY_RETURN_NOT_OK(Flush());
    if (::fdatasync(fd_) != 0) return Error("cannot sync");
    CrashPoint("file-synced", ++commits_);
    if (spec_.on_durable && !pending_checkpoint_.empty()) {
      off_t size = ::lseek(fd_, 0, SEEK_CUR);
      if (size < 0) return Error("cannot tell the size of");
      FERRY_RETURN_NOT_OK(spec_.on_durable(pending_checkpoint_, static_cast<int64_t>(size)));
      pending_checkpoint_.clear();
    }
    return Status::OK();
  }

 protected:
  Status DoWrite(const RecordBatch& batch, size_t begin, size_t end, const std::string& checkpoint,
                 WriteCounts* counts) override {
    FERRY_RETURN_NOT_OK(encoder_->AppendRows(batch, begin, end, &buffer_));
    counts->inserted += static_cast<int64_t>(end - begin);
    if (!checkpoint.empty()) pending_checkpoint_ = checkpoint;
    if (buffer_.size() >= kFlushBytes) return Flush();
    return Status::OK();
  }

 private:
  Status Flush() {
    size_t off = 0;
    while (off < buffer_.size()) {
      ssize_t n = ::write(fd_, buffer_.data() + off, buffer_.size() - off);
      if (n < 0) {
        if (errno == EINTR) continue;
        return Error("cannot write");
      }
      off += static_cast<size_t>(n);
    }
    buffer_.clear();
    return Status::OK();
  }
  Status Error(const std::string& what) const {
    return Status::Target(what + " " + path_ + ": " + std::strerror(errno));
  }

  std::string path_;
  int fd_;
  WriteSpec spec_;
  std::unique_ptr<RowEncoder> encoder_;
  std::string buffer_;
  std::string pending_checkpoint_;  // of the last Write, until a Commit makes it durable
  int64_t commits_ = 0;
};

}  // namespace

Result<std::unique_ptr<TableWriter>> OpenFileWriter(const std::string& path, const WriteSpec& spec,
                                                    std::unique_ptr<RowEncoder> encoder) {
  if (spec.on_conflict != ConflictMode::kInsert)
    return Status::Unsupported("a data file cannot merge rows (--on-conflict): " + path);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Target("cannot open " + path + " for writing: " + std::strerror(errno));
  auto writer = std::make_unique<FileWriter>(path, fd, spec, std::move(encoder));
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Status::Target("cannot stat " + path + ": " + std::strerror(errno));
  off_t size = st.st_size;
  if (spec.resume_bytes) {
    if (*spec.resume_bytes > size)
      return Status::Target(path + " holds " + std::to_string(size) + " bytes but its checkpoint covers " +
                            std::to_string(*spec.resume_bytes) +
                            ": the file changed since the interrupted run; start over with --restart");
    if (::ftruncate(fd, static_cast<off_t>(*spec.resume_bytes)) != 0)
      return Status::Target("cannot cut " + path + " back to its checkpoint: " + std::strerror(errno));
    size = static_cast<off_t>(*spec.resume_bytes);
  }
  if (::lseek(fd, 0, SEEK_END) < 0) return Status::Target("cannot seek in " + path + ": " + std::strerror(errno));
  writer->Start(size);
  return std::unique_ptr<TableWriter>(std::move(writer));
}

}  // namespace ferry::files
