// From Go 1.19's test/chan/select3.go: which operations and selects always
// or never block, and which always or never panic (throw).
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <functional>
#include <string>

using namespace std::chrono_literals;

const std::string always = "function did not";
const std::string never = "function did";

[[noreturn]] void unreachable() { panic("control flow shouldn't reach here"); }

// Calls f and checks that it always or never throws, as signal says.
void test_panic(const std::string& signal, const std::function<void()>& f) {
  std::string s = never;
  try {
    f();
  } catch (const gogo::channel_error&) {
    s = always;  // f threw
  }
  check(s == signal, signal + " panic");
}

// Calls f on a goroutine and checks empirically that it always or never
// blocks, as signal says.
void test_block(const std::string& signal, std::function<void()> f) {
  auto c = gogo::make_chan<std::string>();
  go [f, c] {
    f();
    c.send(never);  // f didn't block
  };
  go [signal, c] {
    if (signal == never) {
      // Long, so a slow machine does not make us miss our window.
      gogo::sleep_for(10s);
    } else {
      // As short as we can without false negatives.
      gogo::sleep_for(10ms);
    }
    c.send(always);  // f blocked
  };
  check(*c.recv() == signal, signal + " block");
}

int main() {
  constexpr std::size_t async = 1;  // asynchronous channels
  gogo::chan<int> nilch;
  auto closedch = gogo::make_chan<int>();
  closedch.close();

  // Sending to or receiving from a nil channel blocks.
  test_block(always, [nilch] { nilch.send(7); });
  test_block(always, [nilch] { nilch.recv(); });

  // A nil channel inside a select is never selected.
  test_panic(never, [nilch] {
    gogo::select{gogo::on_send(nilch, 7, [] { unreachable(); }), gogo::on_default([] {})};
  });
  test_panic(never, [nilch] {
    gogo::select{gogo::on_recv(nilch, [](auto) { unreachable(); }), gogo::on_default([] {})};
  });

  // Sending to an async channel with free buffer space never blocks.
  test_block(never, [] {
    auto ch = gogo::make_chan<int>(async);
    ch.send(7);
  });

  // Receiving from a closed channel never blocks.
  test_block(never, [closedch] {
    for (int i = 0; i < 10; i++) {
      check(closedch.recv().value_or(0) == 0,
            "expected zero value when reading from closed channel");
      auto [status, x] = closedch.poll();
      check(!x && status == gogo::recv_status::closed, "expected 0, false from closed channel");
    }
  });

  // Sending to a closed channel panics.
  test_panic(always, [closedch] { closedch.send(7); });

  // Receiving from a non-ready channel always blocks.
  test_block(always, [] {
    auto ch = gogo::make_chan<int>();
    ch.recv();
  });

  // Empty selects always block.
  test_block(always, [] { gogo::select{}; });

  // Selects with only nil channels always block.
  test_block(always, [nilch] { gogo::select{gogo::on_recv(nilch, [](auto) { unreachable(); })}; });
  test_block(always, [nilch] { gogo::select{gogo::on_send(nilch, 7, [] { unreachable(); })}; });
  test_block(always, [nilch] {
    gogo::select{gogo::on_recv(nilch, [](auto) { unreachable(); }),
                 gogo::on_send(nilch, 7, [] { unreachable(); })};
  });

  // Selects with non-ready non-nil channels always block.
  test_block(always, [] {
    auto ch = gogo::make_chan<int>();
    gogo::select{gogo::on_recv(ch, [](auto) { unreachable(); })};
  });

  // Selects with default cases don't block.
  test_block(never, [] { gogo::select{gogo::on_default([] {})}; });
  test_block(never, [nilch] {
    gogo::select{gogo::on_recv(nilch, [](auto) { unreachable(); }), gogo::on_default([] {})};
  });
  test_block(never, [nilch] {
    gogo::select{gogo::on_send(nilch, 7, [] { unreachable(); }), gogo::on_default([] {})};
  });

  // Selects with ready channels don't block.
  test_block(never, [] {
    auto ch = gogo::make_chan<int>(async);
    gogo::select{gogo::on_send(ch, 7), gogo::on_default([] { unreachable(); })};
  });
  test_block(never, [] {
    auto ch = gogo::make_chan<int>(async);
    ch.send(7);
    gogo::select{gogo::on_recv(ch, [](auto) {}), gogo::on_default([] { unreachable(); })};
  });

  // Selects with closed channels behave like ordinary operations.
  test_block(never, [closedch] { gogo::select{gogo::on_recv(closedch, [](auto) {})}; });
  test_block(never, [closedch] {
    gogo::select{gogo::on_recv(closedch, [](std::optional<int> x) { (void)x; })};
  });
  test_panic(always, [closedch] { gogo::select{gogo::on_send(closedch, 7)}; });

  // A select does not get confused when it sees itself.
  test_block(always, [] {
    auto c = gogo::make_chan<int>();
    gogo::select{gogo::on_send(c, 1), gogo::on_recv(c, [](auto) {})};
  });
}
