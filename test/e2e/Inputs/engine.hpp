// A library header that names a member `go`, included before <gogo/gogo.hpp>.
#pragma once
struct engine {
  int started = 0;
  void go() { ++started; }
};
