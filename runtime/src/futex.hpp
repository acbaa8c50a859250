// futex: owns the runtime's futex calls, its only way of putting a thread
// to sleep on a 32-bit word and waking it (worker wakeups, plain threads
// blocked in gogo, the monitor). Private futexes: every word is in
// this process.
#ifndef GOGO_SRC_FUTEX_HPP
#define GOGO_SRC_FUTEX_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace gogo::detail {

// Sleeps while *word == expected, until futex_wake or a spurious wakeup:
// callers re-check their condition in a loop.
inline void futex_wait(std::atomic<std::uint32_t>* word, std::uint32_t expected) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected,
          nullptr, nullptr, 0);
}

// futex_wait for at most `timeout` (relative).
inline void futex_wait_for(std::atomic<std::uint32_t>* word, std::uint32_t expected,
                           std::chrono::nanoseconds timeout) noexcept {
  timespec ts{time_t(timeout.count() / 1000000000), long(timeout.count() % 1000000000)};
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAIT_PRIVATE, expected, &ts,
          nullptr, 0);
}

// Wakes one thread sleeping on word.
inline void futex_wake(std::atomic<std::uint32_t>* word) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAKE_PRIVATE, 1, nullptr,
          nullptr, 0);
}

// Wakes every thread sleeping on word.
inline void futex_wake_all(std::atomic<std::uint32_t>* word) noexcept {
  syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), FUTEX_WAKE_PRIVATE, INT32_MAX,
          nullptr, nullptr, 0);
}

}  // namespace gogo::detail

#endif
