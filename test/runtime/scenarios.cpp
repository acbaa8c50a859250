// Programs whose whole-process behaviour (stderr, exit status) is under
// test: panics, deadlocks, main returning while goroutines run (stacks and
// their overflow: stack_scenarios.cpp). Run as
// `gogo_runtime_scenarios <name>`; subprocess_test.cpp checks them.
// The umbrella header, without the `go` keyword macro (this file calls
// gogo::go directly, which the macro would rewrite).
#define GOGO_NO_GO_KEYWORD
#include <gogo/gogo.hpp>

#include "scenario.hpp"

#include <atomic>
#include <cstdlib>
#include <optional>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

using namespace std::chrono_literals;

// A named namespace: the panic report shows the exception's demangled type.
namespace app {
struct config_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace app

namespace {

int panic_in_goroutine() {
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([] { throw std::runtime_error("boom"); });
  wg.wait();  // never returns: the panic ends the process
  return 0;
}

int panic_derived_exception() {
  gogo::go([] { throw app::config_error("bad config"); });
  gogo::make_chan<int>().recv();
  return 0;
}

int panic_unknown_exception() {
  gogo::go([] { throw 42; });
  gogo::make_chan<int>().recv();
  return 0;
}

int deadlock_main_recv() {
  auto ch = gogo::make_chan<int>();
  ch.recv();
  return 0;
}

int deadlock_wait_group() {
  gogo::wait_group wg;
  wg.add(3);
  auto never = gogo::make_chan<int>();
  for (int i = 0; i < 3; i++) {
    gogo::go([&] {
      never.recv();
      wg.done();
    });
  }
  wg.wait();
  return 0;
}

int deadlock_empty_select() {
  gogo::go([] { gogo::sleep_for(10ms); });
  gogo::select{};
  return 0;
}

int deadlock_mutex() {
  gogo::mutex m;
  m.lock();
  m.lock();
  return 0;
}

int deadlock_after_work() {
  // Goroutines work for a while (pingpong), then all block with main.
  auto a = gogo::make_chan<int>();
  auto b = gogo::make_chan<int>();
  gogo::go([=] {
    for (int i = 0; i < 10000; i++) b.send(*a.recv() + 1);
    a.recv();  // nobody sends again
  });
  int v = 0;
  for (int i = 0; i < 10000; i++) {
    a.send(v);
    v = *b.recv();
  }
  std::printf("%d\n", v);
  b.recv();
  return 0;
}

int no_deadlock_timer() {
  auto ch = gogo::make_chan<int>();
  gogo::go([ch] {
    gogo::sleep_for(50ms);
    ch.send(7);
  });
  std::printf("%d\n", *ch.recv());
  return 0;
}

int no_deadlock_plain_thread() {
  // A plain thread that has not touched gogo yet will send: until it does,
  // main is blocked and no goroutine runs, but this is no deadlock.
  auto ch = gogo::make_chan<int>();
  std::thread t([ch] {
    std::this_thread::sleep_for(50ms);
    ch.send(8);
  });
  gogo::go([] {});  // start the runtime
  std::printf("%d\n", *ch.recv());
  t.join();
  return 0;
}

int no_deadlock_busy_goroutine() {
  // The goroutine blocks its worker outside gogo (an OS sleep): the worker
  // is not idle, so this is no deadlock.
  auto ch = gogo::make_chan<int>();
  gogo::go([ch] {
    std::this_thread::sleep_for(50ms);
    ch.send(9);
  });
  std::printf("%d\n", *ch.recv());
  return 0;
}

int deadlock_with_blocked_thread() {
  // A plain thread and main both blocked in gogo, nothing else can run.
  auto a = gogo::make_chan<int>();
  auto b = gogo::make_chan<int>();
  std::thread t([a] { a.recv(); });
  t.detach();
  b.recv();
  return 0;
}

int main_returns_while_goroutines_run() {
  auto never = gogo::make_chan<int>();
  for (int i = 0; i < 100; i++) {
    gogo::go([never] { never.recv(); });  // parked
  }
  for (int i = 0; i < 4; i++) {
    gogo::go([] {
      for (;;) gogo::yield();  // runnable forever
    });
  }
  gogo::go([] {
    for (;;) gogo::sleep_for(1ms);  // timers pending
  });
  gogo::go([] {
    volatile unsigned long x = 0;
    for (;;) x = x + 1;  // never yields: holds a worker
  });
  gogo::sleep_for(20ms);
  std::printf("done\n");
  return 0;
}

int unlock_unlocked_mutex() {
  gogo::mutex m;
  m.unlock();
  return 0;
}

int unlock_unlocked_rw_mutex() {
  gogo::rw_mutex m;
  m.unlock();
  return 0;
}

int unlock_shared_unlocked_rw_mutex() {
  gogo::rw_mutex m;
  m.unlock_shared();
  return 0;
}

int unlock_shared_write_locked_rw_mutex() {
  gogo::rw_mutex m;
  m.lock();
  m.unlock_shared();
  return 0;
}

// Stopped timers, tickers and ended contexts leave no timer pending, so
// the deadlock detector still speaks (a pending one would keep it quiet).
int deadlock_after_stopped_timers() {
  gogo::new_timer(1h).stop();
  gogo::new_ticker(1h).stop();
  gogo::after_func(1h, [] {}).stop();
  auto [ctx, cancel] = gogo::with_timeout(gogo::background(), 1h);
  auto [child, cancel_child] = gogo::with_deadline(ctx, std::chrono::steady_clock::now() + 2h);
  cancel();
  gogo::make_chan<int>().recv();
  return 0;
}

// Deadlock detection counts retired workers (set_maxprocs lowered) and
// the workers set_maxprocs started.
int deadlock_after_maxprocs_changes() {
  gogo::set_maxprocs(1);
  gogo::go([] { gogo::sleep_for(5ms); });
  gogo::set_maxprocs(6);
  gogo::go([] { gogo::sleep_for(5ms); });
  gogo::set_maxprocs(2);
  gogo::make_chan<int>().recv();
  return 0;
}

int deadlock_cond_wait() {
  gogo::mutex m;
  gogo::cond c;
  m.lock();
  c.wait(m);  // nobody will signal
  return 0;
}

int deadlock_once_recursion() {
  gogo::once o;
  o.call([&] { o.call([] {}); });  // Go: "Do calls f; if f calls Do, it deadlocks"
  return 0;
}

int seed() {
  gogo::wait_group wg;
  long sum = 0;
  gogo::mutex m;
  for (int i = 0; i < 10; i++) {
    wg.add(1);
    gogo::go([&](int n) {
      {
        std::lock_guard<gogo::mutex> lock(m);
        sum += n;
      }
      // Last: once the counter is zero main may return and destroy m and wg.
      wg.done();
    }, i);
  }
  wg.wait();
  std::printf("%ld\n", sum);
  return 0;
}

// A goroutine woken by a handoff lands in its waker's runnext slot; the
// waker then spin-waits (no gogo call) for the woken goroutine. With two or
// more workers, an idle one must steal it from runnext: without that, this
// hangs (no preemption). Repeated, with the receiver surely parked before
// each send, so every round takes the runnext path. Go runs this too.
int spinning_waker() {
  constexpr int rounds = 50;
  for (int i = 0; i < rounds; i++) {
    auto ch = gogo::make_chan<int>();
    std::atomic<bool> received{false};
    gogo::wait_group wg;
    wg.add(2);
    gogo::go([&] {
      ch.recv();
      received.store(true);
      wg.done();
    });
    gogo::go([&] {
      gogo::sleep_for(1ms);  // the receiver is parked by now
      ch.send(i);            // ... so it goes to this worker's runnext
      while (!received.load()) {
      }
      wg.done();
    });
    wg.wait();
  }
  std::printf("%d\n", rounds);
  return 0;
}

// The same with a mutex handoff: the unlocker spins until the goroutine it
// woke (into runnext) has taken the lock.
int spinning_unlocker() {
  constexpr int rounds = 50;
  for (int i = 0; i < rounds; i++) {
    gogo::mutex m;
    std::atomic<bool> locked_by_waiter{false};
    gogo::wait_group wg;
    wg.add(2);
    m.lock();
    gogo::go([&] {
      m.lock();
      locked_by_waiter.store(true);
      m.unlock();
      wg.done();
    });
    gogo::go([&] {
      gogo::sleep_for(1ms);
      m.unlock();  // the waiter is parked: it goes to this worker's runnext
      while (!locked_by_waiter.load()) {
      }
      wg.done();
    });
    wg.wait();
  }
  std::printf("%d\n", rounds);
  return 0;
}


// main is goroutine 1: its id, its return value as the exit status, and
// exit's work (atexit, static destructors) after the goroutines stopped.
bool announce_destruction = false;
struct print_at_exit {
  ~print_at_exit() {
    if (announce_destruction) std::printf("static destructor\n");
  }
} at_exit_object;

int main_is_goroutine_1() {
  announce_destruction = true;
  std::atexit([] { std::printf("atexit\n"); });
  std::printf("main %llu\n", (unsigned long long)gogo::goroutine_id());
  auto ch = gogo::make_chan<int>();
  gogo::go([ch] {
    for (;;) ch.send(1);  // running and sending while main exits
  });
  ch.recv();
  return 3;
}

// A goroutine still running at exit holds a lock that a static destructor
// needs: it is frozen holding it, so that destructor would wait forever.
std::mutex held_at_exit;
bool lock_at_exit = false;
struct lock_in_destructor {
  ~lock_in_destructor() {
    if (!lock_at_exit) return;
    std::lock_guard<std::mutex> lock(held_at_exit);
    std::printf("destructor got the lock\n");
  }
} lock_at_exit_object;

int exit_stuck_on_a_lock() {
  lock_at_exit = true;
  std::atomic<bool> locked{false};
  gogo::go([&locked] {
    std::lock_guard<std::mutex> lock(held_at_exit);
    locked = true;
    volatile unsigned long x = 0;
    for (;;) x = x + 1;  // never reaches a scheduling point, never unlocks
  });
  while (!locked) gogo::sleep_for(std::chrono::milliseconds(1));
  std::printf("main returns\n");
  return 5;
}

int exit_from_goroutine() {
  std::atexit([] { std::printf("atexit\n"); });
  auto never = gogo::make_chan<int>();
  gogo::go([] {
    volatile unsigned long x = 0;
    for (;;) x = x + 1;  // never reaches a scheduling point
  });
  gogo::go([] {
    gogo::sleep_for(5ms);
    std::exit(4);
  });
  never.recv();
  return 0;
}

int panic_in_main() {
  throw std::runtime_error("main failed");
}

// Go's test/chan/select8.go with its channel at namespace scope: a
// goroutine is inside chan_send on `select8_ch` when main returns and
// exit's static destructors destroy the channel.
gogo::chan<int> select8_ch = gogo::make_chan<int>();

int select8() {
  gogo::go([] {
    for (;;) select8_ch.send(5);
  });
  gogo::select{gogo::on_recv(select8_ch, [](std::optional<int>) {})};
  gogo::select{gogo::on_default([] {})};
  gogo::select{gogo::on_recv(select8_ch, [](std::optional<int>) {}), gogo::on_default([] {})};
  gogo::select{gogo::on_recv(select8_ch, [](std::optional<int>) {}),
               gogo::on_send(select8_ch, 10, [] { std::abort(); }), gogo::on_default([] {})};
  return 0;
}

// main ping-pongs with one goroutine (main is a goroutine: no futex).
int ping_pong_main() {
  auto ping = gogo::make_chan<int>();
  auto pong = gogo::make_chan<int>();
  gogo::go([=] {
    for (;;) pong.send(*ping.recv() + 1);
  });
  int v = 0;
  for (int i = 0; i < 100000; i++) {
    ping.send(v);
    v = *pong.recv();
  }
  std::printf("%d\n", v);
  return 0;
}

// A 5 ms ticker keeps time while GOGO_MAXPROCS goroutines are blocked in
// read(2) and one computes without ever yielding: the monitor hands their
// workers' work to other threads. Prints the worst lateness in ms.
int ticker_with_blocked_and_hog() {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  unsigned blocked = 2;
  if (const char* p = std::getenv("GOGO_MAXPROCS")) blocked = unsigned(std::atoi(p));
  for (unsigned i = 0; i < blocked; i++) {
    gogo::go([fd = fds[0]] {
      char c;
      (void)!read(fd, &c, 1);  // never written
    });
  }
  gogo::go([] {
    volatile unsigned long x = 0;
    for (;;) x = x + 1;
  });
  auto worst = std::chrono::nanoseconds(0);
  auto next = std::chrono::steady_clock::now();
  for (int i = 0; i < 60; i++) {
    next += 5ms;
    gogo::sleep_for(next - std::chrono::steady_clock::now());
    auto late = std::chrono::steady_clock::now() - next;
    if (late > worst) worst = late;
  }
  std::printf("%lld\n", (long long)std::chrono::duration_cast<std::chrono::milliseconds>(worst).count());
  return 0;
}

// A goroutine spins on an atomic that only a goroutine queued behind it on
// the same worker sets (GOGO_MAXPROCS=1): no preemption, yet no livelock.
int spin_on_atomic() {
  std::atomic<bool> flag{false};
  auto done = gogo::make_chan<int>();
  gogo::go([&] {
    gogo::go([&] { flag.store(true); });  // into this worker's runnext
    while (!flag.load()) {
    }
    done.send(1);
  });
  std::printf("%d\n", *done.recv());
  return 0;
}

// A goroutine inside a system call is not asleep: the deadlock is reported
// only once it is back and blocks in gogo too.
int deadlock_after_syscall() {
  auto never = gogo::make_chan<int>();
  gogo::go([never] {
    std::this_thread::sleep_for(200ms);
    never.recv();
  });
  never.recv();
  return 0;
}

// gogo::blocking: the call's result comes back, and while it blocks the
// other goroutines (here main's ping-pong) keep running at GOGO_MAXPROCS=1.
int blocking_call() {
  int fds[2];
  if (pipe(fds) != 0) return 1;
  auto got = gogo::make_chan<long>();
  gogo::go([=] {
    char c = 0;
    long n = gogo::blocking([&] { return long(read(fds[0], &c, 1)); });
    got.send(n * 10 + (c - '0'));
  });
  auto ping = gogo::make_chan<int>();
  auto pong = gogo::make_chan<int>();
  gogo::go([=] {
    for (;;) pong.send(*ping.recv() + 1);
  });
  int v = 0;
  for (int i = 0; i < 1000; i++) {
    ping.send(v);
    v = *pong.recv();
  }
  (void)!write(fds[1], "7", 1);
  std::printf("%d %ld\n", v, *got.recv());
  return 0;
}


const scenario scenarios[] = {
    {"panic", panic_in_goroutine},
    {"panic-unknown", panic_unknown_exception},
    {"panic-derived", panic_derived_exception},
    {"deadlock-recv", deadlock_main_recv},
    {"deadlock-wait-group", deadlock_wait_group},
    {"deadlock-select", deadlock_empty_select},
    {"deadlock-mutex", deadlock_mutex},
    {"deadlock-after-work", deadlock_after_work},
    {"no-deadlock-timer", no_deadlock_timer},
    {"no-deadlock-plain-thread", no_deadlock_plain_thread},
    {"no-deadlock-busy-goroutine", no_deadlock_busy_goroutine},
    {"deadlock-blocked-thread", deadlock_with_blocked_thread},
    {"main-returns", main_returns_while_goroutines_run},
    {"unlock-unlocked", unlock_unlocked_mutex},
    {"rw-unlock-unlocked", unlock_unlocked_rw_mutex},
    {"rw-unlock-shared-unlocked", unlock_shared_unlocked_rw_mutex},
    {"rw-unlock-shared-write-locked", unlock_shared_write_locked_rw_mutex},
    {"deadlock-cond-wait", deadlock_cond_wait},
    {"deadlock-after-maxprocs-changes", deadlock_after_maxprocs_changes},
    {"deadlock-after-stopped-timers", deadlock_after_stopped_timers},
    {"deadlock-once-recursion", deadlock_once_recursion},
    {"seed", seed},
    {"spinning-waker", spinning_waker},
    {"spinning-unlocker", spinning_unlocker},
    {"main-is-goroutine-1", main_is_goroutine_1},
    {"exit-from-goroutine", exit_from_goroutine},
    {"exit-stuck-on-a-lock", exit_stuck_on_a_lock},
    {"panic-in-main", panic_in_main},
    {"select8", select8},
    {"ping-pong-main", ping_pong_main},
    {"ticker-blocked-hog", ticker_with_blocked_and_hog},
    {"spin-on-atomic", spin_on_atomic},
    {"deadlock-after-syscall", deadlock_after_syscall},
    {"blocking", blocking_call},
};

}  // namespace

int main(int argc, char** argv) { return run_scenario(argc, argv, scenarios); }
