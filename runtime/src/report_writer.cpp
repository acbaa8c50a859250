#include "report_writer.hpp"

#include <cerrno>
#include <cstring>

#include <sys/syscall.h>
#include <unistd.h>

namespace gogo::detail {

report_writer& report_writer::str(const char* s, std::size_t n) noexcept {
  while (n > 0) {
    if (n_ == sizeof buf_) flush();
    std::size_t k = sizeof buf_ - n_ < n ? sizeof buf_ - n_ : n;
    std::memcpy(buf_ + n_, s, k);
    n_ += k;
    s += k;
    n -= k;
  }
  return *this;
}

report_writer& report_writer::str(const char* s) noexcept { return str(s, std::strlen(s)); }

report_writer& report_writer::num(std::uint64_t v) noexcept {
  char b[24];
  char* p = b + sizeof b;
  do {
    *--p = char('0' + v % 10);
    v /= 10;
  } while (v);
  return str(p, std::size_t(b + sizeof b - p));
}

report_writer& report_writer::signed_num(std::int64_t v) noexcept {
  if (v < 0) {
    str("-");
    return num(std::uint64_t(0) - std::uint64_t(v));
  }
  return num(std::uint64_t(v));
}

report_writer& report_writer::hex(std::uint64_t v) noexcept {
  char b[20];
  char* p = b + sizeof b;
  do {
    *--p = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  str("0x");
  return str(p, std::size_t(b + sizeof b - p));
}

void report_writer::flush() noexcept {
  const char* p = buf_;
  while (n_ > 0) {
    // The system call itself, not libc's write: with gogo::hooks linked, a
    // report from a goroutine must not park it (the scheduler may be
    // stopping, or be what failed).
    long k = syscall(SYS_write, fd_, p, n_);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    p += k;
    n_ -= std::size_t(k);
  }
  n_ = 0;
}

}  // namespace gogo::detail
