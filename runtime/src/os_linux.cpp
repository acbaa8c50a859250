#include "os_linux.hpp"

#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace gogo::detail {

int count_threads() noexcept {
  int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[1024];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  // Field 2 (comm) may contain spaces; count fields after its closing ')'.
  const char* p = std::strrchr(buf, ')');
  if (!p) return -1;
  int field = 2;
  for (; *p && field < 20; p++)
    if (*p == ' ') field++;
  return std::atoi(p);
}

bool is_main_thread() noexcept {
  thread_local int main = -1;
  if (main < 0) main = (syscall(SYS_gettid) == getpid()) ? 1 : 0;
  return main == 1;
}

}  // namespace gogo::detail
