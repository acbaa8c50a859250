// proc_status: what the runtime tests read of their own process in
// /proc/self/status (memory: VmRSS, VmPTE, VmSize).
#ifndef GOGO_TEST_RUNTIME_PROC_STATUS_HPP
#define GOGO_TEST_RUNTIME_PROC_STATUS_HPP

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

// A "<field>: <n> kB" line's n, in KiB; -1 if absent.
inline long proc_status_kb(const char* field) {
  std::ifstream f("/proc/self/status");
  std::string line;
  const std::size_t len = std::strlen(field);
  while (std::getline(f, line))
    if (line.compare(0, len, field) == 0 && line[len] == ':')
      return std::atol(line.c_str() + len + 1);
  return -1;
}

#endif
