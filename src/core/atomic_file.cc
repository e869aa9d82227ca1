#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ferry {

namespace {

// Call right after the failing system call: reads errno first.
Status IoError(const std::string& what, const std::string& path) {
  const int err = errno;
  return Status::Io(what + " " + path + ": " + std::strerror(err));
}

Status WriteAll(int fd, std::string_view contents, const std::string& path) {
  size_t off = 0;
  while (off < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + off, contents.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", path);
    }
    off += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) return IoError("cannot sync", path);
  return Status::OK();
}

// Makes the rename itself durable: without it a power cut may bring back
// the old directory entry.
Status SyncDirectory(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open directory", dir);
  // Some file systems cannot sync a directory (EINVAL); the rename stands.
  Status st = ::fsync(fd) != 0 && errno != EINVAL ? IoError("cannot sync directory", dir) : Status::OK();
  ::close(fd);
  return st;
}

}  // namespace

Status ReplaceFileAtomically(const std::string& path, std::string_view contents) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return IoError("cannot write", tmp);
  Status st = WriteAll(fd, contents, tmp);
  if (::close(fd) != 0 && st.ok()) st = IoError("cannot write", tmp);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) st = IoError("cannot replace", path);
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  return SyncDirectory(path);
}

}  // namespace ferry
