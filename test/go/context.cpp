// From Go 1.19's src/context/context_test.go: XTestBackground,
// XTestWithCancel, XTestParentFinishesChild, XTestChildFinishesFirst,
// XTestDeadline, XTestTimeout, XTestCanceledTimeout, XTestValues,
// XTestSimultaneousCancels, XTestInterlockedCancels, XTestLayersCancel,
// XTestLayersTimeout and XTestWithCancelCanceledParent. Go's checks of
// String(), of its internal children maps and of contexts wrapped in user
// types (otherContext) have no counterpart: a gogo::context is one concrete
// type (test/go/README.md lists the tests left out).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

constexpr auto short_duration = 1ms;       // a reasonable time to block in a test
constexpr auto very_long_duration = 1000h;  // longer than the test can run
constexpr auto quiescent = 5s;              // by then everything must have settled

bool blocks(const gogo::context& c) { return c.done().poll().status == gogo::recv_status::would_block; }

void test_background() {
  gogo::context c = gogo::background();
  check(blocks(c), "<-c.Done() should block");
}

void test_with_cancel() {
  auto [c1, cancel] = gogo::with_cancel(gogo::background());
  auto [c2, cancel2] = gogo::with_cancel(c1);
  for (const gogo::context& c : {c1, c2}) {
    check(bool(c.done()), "Done() is nil");
    check(!c.err(), "Err() is not nil");
    check(blocks(c), "<-c.Done() should block");
  }
  cancel();  // propagates synchronously
  for (const gogo::context& c : {c1, c2}) {
    check(!blocks(c), "<-c.Done() blocked, but shouldn't have");
    check(c.err() == gogo::context_errc::canceled, "Err() is not Canceled");
  }
  cancel2();
}

void test_parent_finishes_child() {
  // parent -> cancel_child; parent -> value_child -> timer_child
  static const gogo::context_key<std::string> key;
  auto [parent, cancel] = gogo::with_cancel(gogo::background());
  auto [cancel_child, stop1] = gogo::with_cancel(parent);
  gogo::context value_child = gogo::with_value(parent, key, "value");
  auto [timer_child, stop2] = gogo::with_timeout(value_child, very_long_duration);
  for (const gogo::context* c : {&parent, &cancel_child, &timer_child, &value_child})
    check(blocks(*c), "a context ended before its parent was cancelled");
  cancel();
  for (const gogo::context* c : {&parent, &cancel_child, &value_child, &timer_child}) {
    check(!blocks(*c), "<-Done() blocked, but shouldn't have");
    check(c->err() == gogo::context_errc::canceled, "Err() is not Canceled");
  }
  // A context derived from a cancelled one is cancelled.
  gogo::context precanceled_child = gogo::with_value(parent, key, "value");
  check(!blocks(precanceled_child), "<-precanceledChild.Done() blocked, but shouldn't have");
  check(precanceled_child.err() == gogo::context_errc::canceled, "precanceledChild not Canceled");
  stop1();
  stop2();
}

void test_child_finishes_first() {
  auto [cancelable, stop] = gogo::with_cancel(gogo::background());
  for (const gogo::context& parent : {gogo::background(), cancelable}) {
    auto [child, cancel] = gogo::with_cancel(parent);
    check(blocks(parent) && blocks(child), "should block");
    cancel();
    check(!blocks(child), "<-child.Done() blocked, but shouldn't have");
    check(child.err() == gogo::context_errc::canceled, "child.Err() is not Canceled");
    check(blocks(parent), "<-parent.Done() should block");
    check(!parent.err(), "parent.Err() is not nil");
  }
  stop();
}

void test_deadline_of(const gogo::context& c, const std::string& name) {
  gogo::timer timer = gogo::new_timer(quiescent);
  gogo::select{gogo::on_recv(timer.c(), [&](auto) { panic(name + ": context not timed out"); }),
               gogo::on_recv(c.done(), [](auto) {})};
  timer.stop();
  check(c.err() == gogo::context_errc::deadline_exceeded, name + ": Err() is not DeadlineExceeded");
}

void test_deadline() {
  std::vector<gogo::cancel_func> cancels;  // Go drops them; they are kept to the end here
  auto keep = [&](std::pair<gogo::context, gogo::cancel_func> p) {
    cancels.push_back(p.second);
    return p.first;
  };
  test_deadline_of(keep(gogo::with_deadline(gogo::background(), clock_type::now() + short_duration)),
                   "WithDeadline");
  gogo::context c = keep(gogo::with_deadline(gogo::background(), clock_type::now() + short_duration));
  c = keep(gogo::with_deadline(c, clock_type::now() + very_long_duration));
  test_deadline_of(c, "WithDeadline+WithDeadline");
  test_deadline_of(keep(gogo::with_deadline(gogo::background(), clock_type::now() - short_duration)),
                   "WithDeadline+inthepast");
  test_deadline_of(keep(gogo::with_deadline(gogo::background(), clock_type::now())),
                   "WithDeadline+now");
  for (auto& cancel : cancels) cancel();
}

void test_timeout() {
  auto [c, cancel] = gogo::with_timeout(gogo::background(), short_duration);
  test_deadline_of(c, "WithTimeout");
  auto [c2, cancel2] = gogo::with_timeout(gogo::background(), short_duration);
  auto [c3, cancel3] = gogo::with_timeout(c2, very_long_duration);
  test_deadline_of(c3, "WithTimeout+WithTimeout");
  cancel();
  cancel2();
  cancel3();
}

void test_canceled_timeout() {
  auto [c, cancel1] = gogo::with_timeout(gogo::background(), 1s);
  auto [c2, cancel] = gogo::with_timeout(c, very_long_duration);
  cancel();  // propagates synchronously
  check(!blocks(c2), "<-c.Done() blocked, but shouldn't have");
  check(c2.err() == gogo::context_errc::canceled, "Err() is not Canceled");
  cancel1();
}

// Go's keys: k1 and k2 the same int of different types, k3 another int of
// k2's type. Here three key objects; a value that Go sets to nil is an
// empty optional.
const gogo::context_key<std::optional<std::string>> k1, k2, k3;

void test_values() {
  auto check_values = [](const gogo::context& c, const std::string& nm, const std::string& v1,
                         const std::string& v2, const std::string& v3) {
    auto get = [&](const gogo::context_key<std::optional<std::string>>& k) -> std::string {
      const std::optional<std::string>* v = c.value(k);
      return v && *v ? **v : "";
    };
    check(get(k1) == v1, nm + ".value(k1) = " + get(k1) + " want " + v1);
    check(get(k2) == v2, nm + ".value(k2) = " + get(k2) + " want " + v2);
    check(get(k3) == v3, nm + ".value(k3) = " + get(k3) + " want " + v3);
  };
  gogo::context c0 = gogo::background();
  check_values(c0, "c0", "", "", "");
  gogo::context c1 = gogo::with_value(gogo::background(), k1, "c1k1");
  check_values(c1, "c1", "c1k1", "", "");
  gogo::context c2 = gogo::with_value(c1, k2, "c2k2");
  check_values(c2, "c2", "c1k1", "c2k2", "");
  gogo::context c3 = gogo::with_value(c2, k3, "c3k3");
  check_values(c3, "c3", "c1k1", "c2k2", "c3k3");
  gogo::context c4 = gogo::with_value(c3, k1, std::nullopt);
  check_values(c4, "c4", "", "c2k2", "c3k3");
  gogo::context o4 = gogo::with_value(c4, k3, std::nullopt);
  check_values(o4, "o4", "", "c2k2", "");
}

void test_simultaneous_cancels() {
  auto [root, root_cancel] = gogo::with_cancel(gogo::background());
  std::vector<std::pair<gogo::context, gogo::cancel_func>> m{{root, root_cancel}};
  // A tree of contexts.
  for (std::size_t next = 0; next < m.size() && m.size() < 100; next++) {
    gogo::context parent = m[next].first;
    for (int i = 0; i < 4; i++) m.push_back(gogo::with_cancel(parent));
  }
  std::shuffle(m.begin(), m.end(), std::mt19937(std::random_device{}()));
  // All the cancels at once, in random order.
  auto wg = std::make_shared<gogo::wait_group>();
  wg->add(long(m.size()));
  for (auto& entry : m) {
    go [wg](gogo::cancel_func cancel) {
      cancel();
      wg->done();
    }(entry.second);
  }
  auto stuck = gogo::make_chan<std::monostate>();
  gogo::timer timer = gogo::after_func(quiescent, [stuck] { stuck.close(); });
  // Wait on every context, in random order.
  for (auto& entry : m) {
    gogo::select{gogo::on_recv(entry.first.done(), [](auto) {}),
                 gogo::on_recv(stuck, [](auto) { panic("timed out waiting for <-ctx.Done()"); })};
  }
  // Wait for the cancel functions to return.
  auto done = gogo::make_chan<std::monostate>();
  go [wg, done] {
    wg->wait();
    done.close();
  };
  gogo::select{gogo::on_recv(done, [](auto) {}),
               gogo::on_recv(stuck, [](auto) { panic("timed out waiting for cancel functions"); })};
  timer.stop();
}

void test_interlocked_cancels() {
  auto [parent, cancel_parent] = gogo::with_cancel(gogo::background());
  auto [child, cancel_child] = gogo::with_cancel(parent);
  go [parent = parent, cancel_child = cancel_child] {
    parent.done().recv();
    cancel_child();
  };
  cancel_parent();
  gogo::timer timer = gogo::new_timer(quiescent);
  gogo::select{gogo::on_recv(child.done(), [](auto) {}),
               gogo::on_recv(timer.c(), [](auto) { panic("timed out waiting for child.Done()"); })};
  timer.stop();
}

void test_layers(unsigned seed, bool test_timeout) {
  std::mt19937 r(seed);
  constexpr int min_layers = 30;
  static const gogo::context_key<int> keys[64];  // a new key per value layer
  std::vector<std::pair<const gogo::context_key<int>*, int>> vals;
  std::vector<gogo::cancel_func> cancels;
  int num_timers = 0;
  gogo::context ctx = gogo::background();
  for (int i = 0; i < min_layers || num_timers == 0 || cancels.empty() || vals.empty(); i++) {
    switch (r() % 3) {
      case 0:
        if (vals.size() < std::size(keys)) {
          const gogo::context_key<int>* k = &keys[vals.size()];
          ctx = gogo::with_value(ctx, *k, i);
          vals.push_back({k, i});
        }
        break;
      case 1: {
        auto [c, cancel] = gogo::with_cancel(ctx);
        ctx = c;
        cancels.push_back(cancel);
        break;
      }
      case 2: {
        auto [c, cancel] = gogo::with_timeout(
            ctx, test_timeout ? std::chrono::nanoseconds(short_duration) : very_long_duration);
        ctx = c;
        cancels.push_back(cancel);
        num_timers++;
        break;
      }
    }
  }
  auto check_values = [&](const std::string& when) {
    for (auto& [key, val] : vals) {
      const int* v = ctx.value(*key);
      check(v && *v == val, "seed=" + std::to_string(seed) + ": " + when + ": wrong value");
    }
  };
  if (!test_timeout) check(blocks(ctx), "ctx should not be canceled yet");
  check_values("before cancel");
  if (test_timeout) {
    gogo::timer timer = gogo::new_timer(quiescent);
    gogo::select{gogo::on_recv(ctx.done(), [](auto) {}),
                 gogo::on_recv(timer.c(), [](auto) { panic("ctx should have timed out"); })};
    timer.stop();
    check_values("after timeout");
  } else {
    cancels[r() % cancels.size()]();
    check(!blocks(ctx), "ctx should be canceled");
    check_values("after cancel");
  }
  for (auto& cancel : cancels) cancel();
}

void test_with_cancel_canceled_parent() {
  auto [parent, pcancel] = gogo::with_cancel(gogo::background());
  pcancel();
  auto [c, cancel] = gogo::with_cancel(parent);
  check(!blocks(c), "child not done immediately upon construction");
  check(c.err() == gogo::context_errc::canceled, "child not canceled");
  cancel();
}

int main() {
  test_background();
  test_with_cancel();
  test_parent_finishes_child();
  test_child_finishes_first();
  test_deadline();
  test_timeout();
  test_canceled_timeout();
  test_values();
  test_simultaneous_cancels();
  test_interlocked_cancels();
  auto seed = unsigned(clock_type::now().time_since_epoch().count());
  test_layers(seed, false);
  test_layers(seed + 1, true);
  test_with_cancel_canceled_parent();
}
