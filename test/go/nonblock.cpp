// From Go 1.19's test/chan/nonblock.go: channel operations that test for
// blocking (select with default), with several element types and buffer
// sizes 0 and 1. Go's four copies of the checks (int32, int64, bool,
// string) are one template here.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdint>
#include <string>

template <class T>
void receiver(gogo::chan<T> c, gogo::chan<bool> strobe, T want) {
  check(*c.recv() == want, "receiver value");
  strobe.send(true);
}

template <class T>
void sender(gogo::chan<T> c, gogo::chan<bool> strobe, T v) {
  c.send(v);
  strobe.send(true);
}

gogo::recv_chan<std::chrono::steady_clock::time_point> ticker =
    gogo::tick(std::chrono::microseconds(10));

void sleep() {
  ticker.recv();
  ticker.recv();
  gogo::yield();
  gogo::yield();
  gogo::yield();
}

constexpr int max_tries = 10000;  // up to 100ms per test

template <class T>
void check_type(int buffer, gogo::chan<bool> sync, T to_receiver, T from_sender,
                const char* name) {
  auto c = gogo::make_chan<T>(std::size_t(buffer));
  T v{};
  gogo::select{gogo::on_recv(c, [&](std::optional<T>) { panic(std::string("blocked ") + name); }),
               gogo::on_default([] {})};

  go receiver<T>(c, sync, to_receiver);
  for (int tries = 0;;) {
    bool sent = false;
    gogo::select{gogo::on_send(c, to_receiver, [&] { sent = true; }), gogo::on_default([&] {
                   if (++tries > max_tries) panic(std::string(name) + " receiver");
                   sleep();
                 })};
    if (sent) break;
  }
  sync.recv();

  go sender<T>(c, sync, from_sender);
  if (buffer > 0) sync.recv();
  for (int tries = 0;;) {
    bool received = false;
    gogo::select{gogo::on_recv(c,
                               [&](std::optional<T> got) {
                                 v = *got;
                                 received = true;
                               }),
                 gogo::on_default([&] {
                   if (++tries > max_tries) panic(std::string(name) + " sender");
                   sleep();
                 })};
    if (received) break;
  }
  check(v == from_sender, std::string(name) + " sender value");
  if (buffer == 0) sync.recv();
}

int main() {
  auto sync = gogo::make_chan<bool>();
  for (int buffer = 0; buffer < 2; buffer++) {
    check_type<std::int32_t>(buffer, sync, 123, 234, "i32");
    check_type<std::int64_t>(buffer, sync, 123456, 234567, "i64");
    check_type<bool>(buffer, sync, true, true, "b");
    check_type<std::string>(buffer, sync, "hello", "hello again", "s");
  }
}
