// From Go 1.19's test/closedchan.go: receiving from a closed channel, with
// and without buffered values left, blocking and not, through direct
// operations (poll() for Go's comma-ok select with default), one-case
// selects and larger selects; sending on or closing a closed channel throws.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <cstdio>
#include <functional>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

bool failed = false;

void fail(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  failed = true;
}

struct chan_ops {
  virtual ~chan_ops() = default;
  virtual void send(int x) = 0;
  virtual bool nbsend(int x) = 0;
  virtual int recv() = 0;
  virtual std::pair<int, bool> nbrecv() = 0;             // x, selected
  virtual std::pair<int, bool> recv2() = 0;              // x, ok
  virtual std::tuple<int, bool, bool> nbrecv2() = 0;     // x, ok, selected
  virtual void close() = 0;
  virtual const char* impl() = 0;
};

// Direct channel operations where possible.
struct xchan : chan_ops {
  gogo::chan<int> c;
  explicit xchan(gogo::chan<int> ch) : c(std::move(ch)) {}
  void send(int x) override { c.send(x); }
  bool nbsend(int x) override { return c.try_send(x); }
  int recv() override { return c.recv().value_or(0); }
  std::pair<int, bool> nbrecv() override {
    auto [status, x] = c.poll();
    return {x.value_or(0), status != gogo::recv_status::would_block};
  }
  std::pair<int, bool> recv2() override {
    auto x = c.recv();
    return {x.value_or(0), x.has_value()};
  }
  std::tuple<int, bool, bool> nbrecv2() override {
    auto [status, x] = c.poll();
    return {x.value_or(0), x.has_value(), status != gogo::recv_status::would_block};
  }
  void close() override { c.close(); }
  const char* impl() override { return "(direct)"; }
};

// Through selects of one case (and a default).
struct schan : chan_ops {
  gogo::chan<int> c;
  explicit schan(gogo::chan<int> ch) : c(std::move(ch)) {}
  void send(int x) override { gogo::select{gogo::on_send(c, x)}; }
  bool nbsend(int x) override {
    bool sent = false;
    gogo::select{gogo::on_default([] {}), gogo::on_send(c, x, [&] { sent = true; })};
    return sent;
  }
  int recv() override {
    int got = -1;
    gogo::select{gogo::on_recv(c, [&](std::optional<int> x) { got = x.value_or(0); })};
    return got;
  }
  std::pair<int, bool> nbrecv() override {
    std::pair<int, bool> r{0, false};
    gogo::select{gogo::on_default([] {}),
                 gogo::on_recv(c, [&](std::optional<int> x) { r = {x.value_or(0), true}; })};
    return r;
  }
  std::pair<int, bool> recv2() override {
    std::pair<int, bool> r{-1, false};
    gogo::select{gogo::on_recv(c, [&](std::optional<int> x) { r = {x.value_or(0), bool(x)}; })};
    return r;
  }
  std::tuple<int, bool, bool> nbrecv2() override {
    std::tuple<int, bool, bool> r{0, false, false};
    gogo::select{gogo::on_default([] {}), gogo::on_recv(c, [&](std::optional<int> x) {
                   r = {x.value_or(0), bool(x), true};
                 })};
    return r;
  }
  void close() override { c.close(); }
  const char* impl() override { return "(select)"; }
};

// Through larger selects, with a case that is never ready.
gogo::chan<bool> dummy = gogo::make_chan<bool>();

struct sschan : chan_ops {
  gogo::chan<int> c;
  explicit sschan(gogo::chan<int> ch) : c(std::move(ch)) {}
  static void never(std::optional<bool>) { panic("dummy"); }
  void send(int x) override { gogo::select{gogo::on_send(c, x), gogo::on_recv(dummy, never)}; }
  bool nbsend(int x) override {
    bool sent = false;
    gogo::select{gogo::on_default([] {}), gogo::on_recv(dummy, never),
                 gogo::on_send(c, x, [&] { sent = true; })};
    return sent;
  }
  int recv() override {
    int got = -1;
    gogo::select{gogo::on_recv(dummy, never),
                 gogo::on_recv(c, [&](std::optional<int> x) { got = x.value_or(0); })};
    return got;
  }
  std::pair<int, bool> nbrecv() override {
    std::pair<int, bool> r{0, false};
    gogo::select{gogo::on_recv(dummy, never), gogo::on_default([] {}),
                 gogo::on_recv(c, [&](std::optional<int> x) { r = {x.value_or(0), true}; })};
    return r;
  }
  std::pair<int, bool> recv2() override {
    std::pair<int, bool> r{-1, false};
    gogo::select{gogo::on_recv(dummy, never),
                 gogo::on_recv(c, [&](std::optional<int> x) { r = {x.value_or(0), bool(x)}; })};
    return r;
  }
  std::tuple<int, bool, bool> nbrecv2() override {
    std::tuple<int, bool, bool> r{0, false, false};
    gogo::select{gogo::on_recv(dummy, never), gogo::on_default([] {}),
                 gogo::on_recv(c, [&](std::optional<int> x) { r = {x.value_or(0), bool(x), true}; })};
    return r;
  }
  void close() override { c.close(); }
  const char* impl() override { return "(larger select)"; }
};

void should_panic(const std::function<void()>& f) {
  try {
    f();
  } catch (const gogo::channel_error&) {
    return;
  }
  panic("did not panic");
}

std::string str(int x) { return std::to_string(x); }

void test1(chan_ops& c) {
  for (int i = 0; i < 3; i++) {
    // Receive a close signal (a zero value).
    if (int x = c.recv(); x != 0) fail("test1: recv on closed: " + str(x) + " " + c.impl());
    if (auto [x, ok] = c.recv2(); x != 0 || ok) fail(std::string("test1: recv2 on closed ") + c.impl());
    // With select too: a value without blocking, so selected.
    if (auto [x, selected] = c.nbrecv(); x != 0 || !selected)
      fail(std::string("test1: recv on closed nb ") + c.impl());
    if (auto [x, ok, selected] = c.nbrecv2(); x != 0 || ok || !selected)
      fail(std::string("test1: recv2 on closed nb ") + c.impl());
  }
  // A non-blocking send on a closed channel panics too ...
  should_panic([&] { c.nbsend(1); });
  // ... and the value is discarded.
  if (int x = c.recv(); x != 0) fail("test1: recv on closed got non-zero after send on closed");
  // Similarly for send.
  should_panic([&] { c.send(2); });
  if (int x = c.recv(); x != 0) fail("test1: recv on closed got non-zero after send on closed");
}

// The last value can still be received, each way.
void testasync1(chan_ops& c) {
  if (int x = c.recv(); x != 1) fail(std::string("testasync1: Recv did not get 1 ") + c.impl());
  test1(c);
}

void testasync2(chan_ops& c) {
  if (auto [x, ok] = c.recv2(); x != 1 || !ok)
    fail(std::string("testasync2: Recv2 did not get 1, true ") + c.impl());
  test1(c);
}

void testasync3(chan_ops& c) {
  if (auto [x, selected] = c.nbrecv(); x != 1 || !selected)
    fail(std::string("testasync3: Nbrecv did not get 1, true ") + c.impl());
  test1(c);
}

void testasync4(chan_ops& c) {
  if (auto [x, ok, selected] = c.nbrecv2(); x != 1 || !ok || !selected)
    fail(std::string("testasync4: Nbrecv2 did not get 1, true, true ") + c.impl());
  test1(c);
}

gogo::chan<int> closedsync() {
  auto c = gogo::make_chan<int>();
  c.close();
  return c;
}

gogo::chan<int> closedasync() {
  auto c = gogo::make_chan<int>(2);
  c.send(1);
  c.close();
  return c;
}

using maker = std::unique_ptr<chan_ops> (*)(gogo::chan<int>);
const maker mks[] = {
    [](gogo::chan<int> c) -> std::unique_ptr<chan_ops> { return std::make_unique<xchan>(c); },
    [](gogo::chan<int> c) -> std::unique_ptr<chan_ops> { return std::make_unique<schan>(c); },
    [](gogo::chan<int> c) -> std::unique_ptr<chan_ops> { return std::make_unique<sschan>(c); },
};

int main() {
  for (maker mk : mks) test1(*mk(closedsync()));
  for (auto testclosed : {testasync1, testasync2, testasync3, testasync4})
    for (maker mk : mks) testclosed(*mk(closedasync()));

  gogo::chan<int> ch;
  should_panic([&] { ch.close(); });
  ch = gogo::make_chan<int>();
  ch.close();
  should_panic([&] { ch.close(); });
  check(!failed, "failed");
}
