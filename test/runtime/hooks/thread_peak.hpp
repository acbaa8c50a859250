// thread_peak: the most OS threads the process had at once while it lived,
// sampled every millisecond from a plain thread of its own. A goroutine
// blocking its worker in a libc call makes the monitor put a spare thread
// in play (docs/runtime.md), so hundreds of goroutines blocked without the
// hooks show up as hundreds of threads; parked on the netpoller, as a few.
#ifndef GOGO_TEST_HOOKS_THREAD_PEAK_HPP
#define GOGO_TEST_HOOKS_THREAD_PEAK_HPP

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include <time.h>

class thread_peak {
 public:
  thread_peak() : sampler_([this] { sample(); }) {}
  ~thread_peak() { stop(); }

  // Stops sampling; the peak seen, the sampler itself included.
  int stop() {
    done_ = true;
    if (sampler_.joinable()) sampler_.join();
    return peak_;
  }

 private:
  static int threads_now() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
      if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
    return -1;
  }

  void sample() {
    while (!done_) {
      int n = threads_now();
      if (n > peak_) peak_ = n;
      timespec ms{0, 1000000};
      nanosleep(&ms, nullptr);  // a plain thread: libc's nanosleep
    }
  }

  std::atomic<bool> done_{false};
  int peak_ = 0;
  std::thread sampler_;
};

#endif
