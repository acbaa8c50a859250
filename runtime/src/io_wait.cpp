// gogo::io::wait_readable / wait_writable: the netpoller for fds the
// runtime does not own.
#include "netpoll.hpp"

#include <gogo/io.hpp>

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
