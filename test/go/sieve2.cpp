// From Go 1.19's test/chan/sieve2.go: an Eratosthenes prime sieve over odd
// candidates, merging channels of multiples through a heap, with a proxy
// goroutine that buffers without bound (a select whose send case is nil
// while the buffer is empty). Go's container/ring is a std::deque here.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <algorithm>
#include <deque>
#include <memory>
#include <vector>

// A channel of odd numbers from 5.
gogo::chan<int> odds() {
  auto out = gogo::make_chan<int>(50);
  go [out] {
    for (int n = 5;; n += 2) out.send(n);
  };
  return out;
}

// A channel of the odd multiples of the prime p, from p*p.
gogo::chan<int> multiples(int p) {
  auto out = gogo::make_chan<int>(10);
  go [out, p] {
    for (int n = p * p;; n += 2 * p) out.send(n);
  };
  return out;
}

struct peek_ch {
  int head;
  gogo::chan<int> ch;
};

// A min-heap of peek_ch by head.
struct later_head {
  bool operator()(const std::shared_ptr<peek_ch>& a, const std::shared_ptr<peek_ch>& b) const {
    return a->head > b->head;
  }
};
using peek_heap = std::vector<std::shared_ptr<peek_ch>>;

std::shared_ptr<peek_ch> heap_pop(peek_heap& h) {
  std::pop_heap(h.begin(), h.end(), later_head{});
  auto v = h.back();
  h.pop_back();
  return v;
}

void heap_push(peek_heap& h, std::shared_ptr<peek_ch> v) {
  h.push_back(std::move(v));
  std::push_heap(h.begin(), h.end(), later_head{});
}

// A channel that forwards to out and never blocks its sender: a goroutine
// buffers what out does not take yet.
gogo::send_chan<int> sendproxy(gogo::send_chan<int> out) {
  auto proxy = gogo::make_chan<int>(10);
  go [proxy, out] {
    std::deque<int> buffer;
    for (;;) {
      gogo::send_chan<int> c = out;
      int e = 0;
      if (buffer.empty()) {
        c = {};  // nothing to send: disable output
      } else {
        e = buffer.front();
      }
      gogo::select{gogo::on_recv(proxy, [&](std::optional<int> v) { buffer.push_back(*v); }),
                   gogo::on_send(c, e, [&] { buffer.pop_front(); })};
    }
  };
  return proxy;
}

// A channel of the primes.
gogo::chan<int> sieve() {
  auto out = gogo::make_chan<int>(10);
  out.send(2);
  out.send(3);

  // All composites to be eliminated, in increasing order.
  auto composites = gogo::make_chan<int>(50);

  // The feedback loop.
  auto primes = gogo::make_chan<int>(10);
  primes.send(3);

  // Merges the channels of multiples of primes into composites.
  go [primes, composites] {
    peek_heap h;
    int min = 15;
    for (;;) {
      auto m = multiples(*primes.recv());
      int head = *m.recv();
      while (min < head) {
        composites.send(min);
        auto minchan = heap_pop(h);
        min = minchan->head;
        minchan->head = *minchan->ch.recv();
        heap_push(h, minchan);
      }
      while (min == head) {
        auto minchan = heap_pop(h);
        min = minchan->head;
        minchan->head = *minchan->ch.recv();
        heap_push(h, minchan);
      }
      composites.send(head);
      heap_push(h, std::make_shared<peek_ch>(peek_ch{*m.recv(), m}));
    }
  };

  // Sieves the composites out of the candidates. The merger receives from
  // primes much more slowly than this sends to it; the proxy buffers.
  go [primes_out = primes, composites, out] {
    auto primes = sendproxy(primes_out);
    auto candidates = odds();
    int p = *candidates.recv();
    for (;;) {
      int c = *composites.recv();
      while (p < c) {
        primes.send(p);
        out.send(p);
        p = *candidates.recv();
      }
      if (p == c) p = *candidates.recv();
    }
  };
  return out;
}

int main() {
  auto primes = sieve();
  std::vector<int> a = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                        43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
  for (int want : a) {
    int x = *primes.recv();
    check(x == want, std::to_string(x) + " != " + std::to_string(want));
  }
}
