// os_linux: owns what the runtime asks Linux about the process's threads:
// how many there are (/proc/self/stat), for deadlock detection, and
// whether the caller is the main thread.
#ifndef GOGO_SRC_OS_LINUX_HPP
#define GOGO_SRC_OS_LINUX_HPP

namespace gogo::detail {

// The process's OS threads (field 20 of /proc/self/stat); -1 if unknown.
int count_threads() noexcept;

// Whether the calling thread is the process's main thread.
bool is_main_thread() noexcept;

}  // namespace gogo::detail

#endif
