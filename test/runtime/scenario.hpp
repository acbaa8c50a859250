// scenario: what the scenario programs (scenarios.cpp, stack_scenarios.cpp)
// share: a table of named programs, one of which `<program> <name>` runs.
// subprocess_test.cpp runs them and checks their output and exit status.
#ifndef GOGO_TEST_RUNTIME_SCENARIO_HPP
#define GOGO_TEST_RUNTIME_SCENARIO_HPP

#include <cstddef>
#include <cstdio>
#include <cstring>

struct scenario {
  const char* name;
  int (*run)();
};

// Runs the scenario argv[1] names; its return value is the exit status.
template <std::size_t N>
int run_scenario(int argc, char** argv, const scenario (&scenarios)[N]) {
  if (argc == 2) {
    for (const scenario& s : scenarios)
      if (std::strcmp(argv[1], s.name) == 0) return s.run();
  }
  std::fprintf(stderr, "usage: %s SCENARIO\n", argv[0]);
  return 64;
}

#endif
