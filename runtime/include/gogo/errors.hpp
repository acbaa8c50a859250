// gogo::channel_error: misuse of a channel (send on closed, close of nil or
// closed channel). Go panics in these cases; gogo throws, and an exception
// that escapes a goroutine is a panic.
#ifndef GOGO_ERRORS_HPP
#define GOGO_ERRORS_HPP

#include <gogo/detail/cxx17.hpp>

#include <stdexcept>

namespace gogo {

class channel_error : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace gogo

#endif
