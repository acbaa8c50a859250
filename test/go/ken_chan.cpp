// From Go 1.19's test/ken/chan.go: sends and receives, direct and through
// 8-case selects, over channels of capacity 0, 1, 10 and 100, with every
// value checked in sequence and the totals counted. (Go's pseudo-random
// yield counts race on a plain int; an atomic here.)
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

std::atomic<int> randx{0};

int nrand(int n) {
  int x = randx.load(std::memory_order_relaxed) + 10007;
  if (x >= 1000000) x -= 1000000;
  randx.store(x, std::memory_order_relaxed);
  return x % n;
}

constexpr int end = 10000;

struct channel {
  gogo::chan<int> sc, rc;  // send and receive ends (nil once done)
  int sv = 0, rv = 0;      // send and receive sequence

  bool send();
  bool recv(int v);
};

int nproc = 0;
gogo::mutex nproc_lock;
int cval = 0;
int totr = 0, tots = 0;
gogo::mutex tot_lock;
std::vector<std::unique_ptr<channel>> all;  // Go's garbage collector
channel* nc = new channel;                  // nil channels only

int change_nproc(int adjust) {
  std::lock_guard<gogo::mutex> l(nproc_lock);
  nproc += adjust;
  return nproc;
}

std::vector<channel*> mkchan(int c, int n) {
  std::vector<channel*> ca;
  for (int i = 0; i < n; i++) {
    cval += 100;
    auto ch = std::make_unique<channel>();
    ch->sc = gogo::make_chan<int>(std::size_t(c));
    ch->rc = ch->sc;
    ch->sv = cval;
    ch->rv = cval;
    ca.push_back(ch.get());
    all.push_back(std::move(ch));
  }
  return ca;
}

int expect(int v, int v0) {
  if (v == v0) return v % 100 == 75 ? end : v + 1;
  panic("got " + std::to_string(v) + " expected " + std::to_string(v0 + 1));
}

bool channel::send() {
  {
    std::lock_guard<gogo::mutex> l(tot_lock);
    tots++;
  }
  sv = expect(sv, sv);
  if (sv != end) return false;
  sc = {};
  return true;
}

bool channel::recv(int v) {
  {
    std::lock_guard<gogo::mutex> l(tot_lock);
    totr++;
  }
  rv = expect(rv, v);
  if (rv != end) return false;
  rc = {};
  return true;
}

void send(channel* c) {
  for (;;) {
    for (int r = nrand(10); r >= 0; r--) gogo::yield();
    c->sc.send(c->sv);
    if (c->send()) break;
  }
  change_nproc(-1);
}

void recv(channel* c) {
  for (;;) {
    for (int r = nrand(10); r >= 0; r--) gogo::yield();
    int v = *c->rc.recv();
    if (c->recv(v)) break;
  }
  change_nproc(-1);
}

void sel(channel* r0, channel* r1, channel* r2, channel* r3, channel* s0, channel* s1,
         channel* s2, channel* s3) {
  int a = 0;  // local channels running
  for (channel* r : {r0, r1, r2, r3})
    if (r->rc) a++;
  for (channel* s : {s0, s1, s2, s3})
    if (s->sc) a++;
  auto on_recv = [&a](channel* r) {
    return gogo::on_recv(r->rc, [&a, r](std::optional<int> v) {
      if (r->recv(*v)) a--;
    });
  };
  auto on_send = [&a](channel* s) {
    return gogo::on_send(s->sc, s->sv, [&a, s] {
      if (s->send()) a--;
    });
  };
  for (;;) {
    for (int r = nrand(5); r >= 0; r--) gogo::yield();
    gogo::select{on_recv(r0), on_recv(r1), on_recv(r2), on_recv(r3),
                 on_send(s0), on_send(s1), on_send(s2), on_send(s3)};
    if (a == 0) break;
  }
  change_nproc(-1);
}

// Direct send to direct receive.
void test1(channel* c) {
  change_nproc(2);
  go send(c);
  go recv(c);
}

// Direct send to select receive.
void test2(int c) {
  auto ca = mkchan(c, 4);
  change_nproc(4);
  for (int i = 0; i < 4; i++) go send(ca[std::size_t(i)]);
  change_nproc(1);
  go sel(ca[0], ca[1], ca[2], ca[3], nc, nc, nc, nc);
}

// Select send to direct receive.
void test3(int c) {
  auto ca = mkchan(c, 4);
  change_nproc(4);
  for (int i = 0; i < 4; i++) go recv(ca[std::size_t(i)]);
  change_nproc(1);
  go sel(nc, nc, nc, nc, ca[0], ca[1], ca[2], ca[3]);
}

// Select send to select receive.
void test4(int c) {
  auto ca = mkchan(c, 4);
  change_nproc(2);
  go sel(nc, nc, nc, nc, ca[0], ca[1], ca[2], ca[3]);
  go sel(ca[0], ca[1], ca[2], ca[3], nc, nc, nc, nc);
}

void test5(int c) {
  auto ca = mkchan(c, 8);
  change_nproc(2);
  go sel(ca[4], ca[5], ca[6], ca[7], ca[0], ca[1], ca[2], ca[3]);
  go sel(ca[0], ca[1], ca[2], ca[3], ca[4], ca[5], ca[6], ca[7]);
}

void test6(int c) {
  auto ca = mkchan(c, 12);
  change_nproc(4);
  for (int i = 4; i < 8; i++) go send(ca[std::size_t(i)]);
  change_nproc(4);
  for (int i = 8; i < 12; i++) go recv(ca[std::size_t(i)]);
  change_nproc(2);
  go sel(ca[4], ca[5], ca[6], ca[7], ca[0], ca[1], ca[2], ca[3]);
  go sel(ca[0], ca[1], ca[2], ca[3], ca[8], ca[9], ca[10], ca[11]);
}

// Waits for the outstanding tests to finish.
void wait() {
  gogo::yield();
  while (change_nproc(0) != 0) gogo::yield();
}

// Runs all tests with one buffer size.
void tests(int c) {
  auto ca = mkchan(c, 4);
  for (channel* ch : ca) test1(ch);
  wait();
  test2(c);
  wait();
  test3(c);
  wait();
  test4(c);
  wait();
  test5(c);
  wait();
  test6(c);
  wait();
}

int main() {
  for (int c : {0, 1, 10, 100}) tests(c);
  int t = 4 *                  // buffer sizes
          (4 * 4 +             // tests 1, 2, 3, 4 channels
           8 +                 // test 5 channels
           12) *               // test 6 channels
          76;                  // sends/recvs on a channel
  check(tots == t && totr == t, "tots=" + std::to_string(tots) + " totr=" +
                                    std::to_string(totr) + " sb=" + std::to_string(t));
}
