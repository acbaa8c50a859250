// sieve N for Boost.Fiber: Go's prime sieve, a daisy chain of N filter
// fibers. The chain stays blocked at the end, so the process leaves with
// _Exit, as a Go program leaves its goroutines behind.
#include <boost/fiber/all.hpp>
#include <memory>

#include "../common/report.hpp"
#include "wait_group.hpp"

using channel = boost::fibers::unbuffered_channel<long>;

int main(int argc, char** argv) {
  long n = bench::size_arg(argc, argv, 3000);
  bench::warm_fibers();
  bench::run r("sieve", "fiber", n, 1);
  long last = 0;
  boost::fibers::fiber([&] {
    auto ch = std::make_shared<channel>();
    boost::fibers::fiber([ch] {
      for (long i = 2;; i++) ch->push(i);
    }).detach();
    for (long i = 0; i < n; i++) {
      long prime = 0;
      ch->pop(prime);
      last = prime;
      auto next = std::make_shared<channel>();
      boost::fibers::fiber([in = ch, out = next, prime] {
        for (;;) {
          long v = 0;
          in->pop(v);
          if (v % prime != 0) out->push(v);
        }
      }).detach();
      ch = next;
    }
  }).join();
  r.finish(n);
  if (n == 3000 && last != 27449) bench::fail("sieve: wrong 3000th prime");
  std::_Exit(0);
}
