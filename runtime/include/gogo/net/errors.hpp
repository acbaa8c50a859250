// gogo::net errors besides the system's: a deadline that passed, and an
// operation on a connection or listener that was closed (Go's
// os.ErrDeadlineExceeded and net.ErrClosed). Both are std::system_error,
// so one catch of that type sees every network error.
#ifndef GOGO_NET_ERRORS_HPP
#define GOGO_NET_ERRORS_HPP

#include <gogo/detail/cxx17.hpp>

#include <cerrno>
#include <system_error>

namespace gogo::net {

// A read, write, accept or dial deadline passed (code: ETIMEDOUT).
class timeout_error : public std::system_error {
 public:
  timeout_error() : std::system_error(ETIMEDOUT, std::generic_category(), "i/o timeout") {}
};

// The connection or listener was closed, before or during the call
// (code: EBADF).
class closed_error : public std::system_error {
 public:
  closed_error()
      : std::system_error(EBADF, std::generic_category(), "use of closed network connection") {}
};

}  // namespace gogo::net

#endif
