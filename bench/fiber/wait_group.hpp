// A Go-style wait group for Boost.Fiber, which has none: the Boost.Fiber
// peers use it where the Go and gogo programs use their wait groups.
#ifndef GOGO_BENCH_FIBER_WAIT_GROUP_HPP
#define GOGO_BENCH_FIBER_WAIT_GROUP_HPP

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>
#include <mutex>

namespace bench {

class fiber_wait_group {
 public:
  void add(long n) {
    std::lock_guard<boost::fibers::mutex> lock(mu_);
    count_ += n;
  }
  void done() {
    std::lock_guard<boost::fibers::mutex> lock(mu_);
    if (--count_ == 0) zero_.notify_all();
  }
  void wait() {
    std::unique_lock<boost::fibers::mutex> lock(mu_);
    zero_.wait(lock, [this] { return count_ == 0; });
  }

 private:
  boost::fibers::mutex mu_;
  boost::fibers::condition_variable zero_;
  long count_ = 0;
};

// Runs one fiber to completion before the timer starts, as every peer does.
inline void warm_fibers() {
  boost::fibers::fiber([] {}).join();
}

}  // namespace bench

#endif
