// What the translations of Go's tests share. Go's panic(...) in a test is
// a throw here: on a goroutine it is gogo's panic (exit status 2), on the
// main thread an uncaught exception (abort). Either way the lit test fails.
#ifndef GOGO_TEST_GO_TEST_HPP
#define GOGO_TEST_GO_TEST_HPP

#include <stdexcept>
#include <string>

[[noreturn]] inline void panic(const std::string& what) { throw std::runtime_error(what); }

inline void check(bool ok, const std::string& what) {
  if (!ok) panic(what);
}

#endif
