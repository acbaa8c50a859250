// report_writer: owns how the runtime's reports reach a file descriptor:
// buffered write(2) calls and number formatting, with no allocation and no
// stdio, so that a report can be written from a signal handler or while
// another thread holds the heap's lock.
#ifndef GOGO_SRC_REPORT_WRITER_HPP
#define GOGO_SRC_REPORT_WRITER_HPP

#include <cstddef>
#include <cstdint>

namespace gogo::detail {

class report_writer {
 public:
  explicit report_writer(int fd) noexcept : fd_(fd) {}
  report_writer(const report_writer&) = delete;
  report_writer& operator=(const report_writer&) = delete;
  ~report_writer() { flush(); }

  report_writer& str(const char* s) noexcept;
  report_writer& str(const char* s, std::size_t n) noexcept;
  report_writer& num(std::uint64_t v) noexcept;
  report_writer& signed_num(std::int64_t v) noexcept;
  report_writer& hex(std::uint64_t v) noexcept;  // 0x...
  void flush() noexcept;

 private:
  int fd_;
  std::size_t n_ = 0;
  char buf_[4096];
};

}  // namespace gogo::detail

#endif
