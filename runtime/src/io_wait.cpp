// gogo::io::wait_readable / wait_writable: the netpoller for fds the
// runtime does not own; and the C entry points of libgogo-hooks.
#include "netpoll.hpp"
#include "scheduler.hpp"

#include <gogo/io.hpp>
#include <gogo/time.hpp>

#include <cerrno>
#include <system_error>

namespace gogo::io {

namespace {

bool wait(int fd, detail::io_mode mode, deadline until) {
  for (;;) {
    switch (detail::netpoll_wait(fd, mode, until, true)) {
      case detail::io_result::ready:
        return true;
      case detail::io_result::timeout:
        return false;
      case detail::io_result::closed:  // net::conn's close of its own fd
        return true;
      case detail::io_result::retry:
        continue;
    }
  }
}

}  // namespace

bool wait_readable(int fd, deadline until) { return wait(fd, detail::io_mode::read, until); }
bool wait_writable(int fd, deadline until) { return wait(fd, detail::io_mode::write, until); }

}  // namespace gogo::io

// The entry points of libgogo-hooks (runtime/hooks): plain C symbols, so the
// shared library finds them in the program whatever its C++ ABI, and the
// program exports them (gogo::hooks links with --export-dynamic-symbol).
extern "C" {

// Not while the process exits: the exit's own sleeps and writes (and
// atexit handlers') run on whatever thread called exit, maybe a goroutine's,
// and a goroutine that parked then would never run again.
__attribute__((visibility("default"))) int gogo_hooks_in_goroutine(void) {
  return gogo::detail::current_g() != nullptr && !gogo::detail::world_stopping();
}

// Parks until fd is ready (1), timeout_ns passes (0; negative: none), or
// fd cannot be waited on (-1, errno set: the caller falls back to libc).
__attribute__((visibility("default"))) int gogo_hooks_wait(int fd, int for_write, long long timeout_ns) {
  gogo::io::deadline until = gogo::io::no_deadline;
  if (timeout_ns >= 0) until = gogo::io::deadline::clock::now() + std::chrono::nanoseconds(timeout_ns);
  try {
    bool ready = for_write ? gogo::io::wait_writable(fd, until) : gogo::io::wait_readable(fd, until);
    return ready ? 1 : 0;
  } catch (const std::system_error& e) {
    errno = e.code().value();
    return -1;
  }
}

__attribute__((visibility("default"))) void gogo_hooks_sleep(long long ns) {
  gogo::sleep_for(std::chrono::nanoseconds(ns));
}

}  // extern "C"
