#include "support/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace support {
namespace {

bool fail(std::string& error, const std::string& path, const std::string& why) {
  error = path + ": " + why;
  return false;
}

bool fail_errno(std::string& error, const std::string& path, const char* what) {
  return fail(error, path, std::string(what) + ": " + std::strerror(errno));
}

const char* kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool write_all(int fd, std::span<const uint8_t> bytes, off_t at) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::pwrite(fd, bytes.data() + done, bytes.size() - done, at + off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += size_t(n);
  }
  return true;
}

// A new file beside `target` (same directory: the rename stays on one file
// system), made exclusively so no planted file or symlink is followed.
bool write_replacement(const std::string& target, const std::string& shown, std::span<const uint8_t> bytes,
                       const struct stat* old, mode_t new_file_mode, std::string& error) {
  std::string tmp = target + ".XXXXXX";
  Fd f{::mkstemp(tmp.data())};
  if (f.fd < 0) return fail_errno(error, shown, "cannot create a temporary file beside it");
  auto drop = [&](const char* what) {
    int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    return fail_errno(error, shown, what);
  };
  mode_t mode;
  if (old) {
    mode = old->st_mode & 07777;
    if (::fchown(f.fd, old->st_uid, old->st_gid) != 0) {}  // best effort: only root may give a file away
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = new_file_mode & ~mask;
  }
  if (::fchmod(f.fd, mode) != 0) return drop("cannot set the mode");
  if (!write_all(f.fd, bytes, 0)) return drop("write error");
  if (::fsync(f.fd) != 0) return drop("write error");
  if (::rename(tmp.c_str(), target.c_str()) != 0) return drop("cannot replace it");
  return true;
}

}  // namespace

bool read_file(const std::string& path, std::string& out, std::string& error, size_t max_bytes, bool regular_only) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK : 0))};
  if (f.fd < 0) return fail_errno(error, path, "cannot open");
  struct stat st;
  if (::fstat(f.fd, &st) != 0) return fail_errno(error, path, "cannot read");
  if (S_ISDIR(st.st_mode)) return fail(error, path, "is a directory, not a file");
  if (regular_only && !S_ISREG(st.st_mode))
    return fail(error, path, std::string("is ") + kind_of(st.st_mode) + "; not read");
  if (S_ISREG(st.st_mode) && size_t(st.st_size) > max_bytes)
    return fail(error, path, "larger than the limit of " + std::to_string(max_bytes) + " bytes");
  out.clear();
  if (S_ISREG(st.st_mode)) out.reserve(size_t(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail_errno(error, path, "read error");
    if (n == 0) return true;
    if (out.size() + size_t(n) > max_bytes)
      return fail(error, path,
                  "larger than the limit of " + std::to_string(max_bytes) + " bytes (a source that never ends?)");
    out.append(buf, size_t(n));
  }
}

bool write_file(const std::string& path, std::span<const uint8_t> bytes, std::string& error, unsigned new_file_mode) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return fail_errno(error, path, "cannot write");
    struct stat link;
    if (::lstat(path.c_str(), &link) == 0)  // a dangling symlink: refused, not followed
      return fail(error, path, "is a symlink to a missing file; refusing to write through it");
    return write_replacement(path, path, bytes, nullptr, mode_t(new_file_mode), error);
  }
  if (!S_ISREG(st.st_mode)) return fail(error, path, std::string("is ") + kind_of(st.st_mode) + "; refusing to write");
  // The regular file itself (through any symlinks): replaced or rewritten there.
  char real[PATH_MAX];
  if (!::realpath(path.c_str(), real)) return fail_errno(error, path, "cannot resolve");
  if (st.st_nlink <= 1) return write_replacement(real, path, bytes, &st, 0, error);
  Fd f{::open(real, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)};
  if (f.fd < 0) return fail_errno(error, path, "cannot open for writing");
  if (bytes.size() > size_t(st.st_size)) {
    int e = ::posix_fallocate(f.fd, 0, off_t(bytes.size()));
    if (e != 0 && e != EOPNOTSUPP && e != EINVAL) {
      errno = e;
      return fail_errno(error, path, "no room to rewrite it");
    }
  }
  if (!write_all(f.fd, bytes, 0) || ::ftruncate(f.fd, off_t(bytes.size())) != 0 || ::fsync(f.fd) != 0)
    return fail_errno(error, path, "write error");
  return true;
}

}  // namespace support
