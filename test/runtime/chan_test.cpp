// gogo::chan: every row of the API table, both sides of each rule.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const gogo::channel_error& e) {
    return e.what();
  }
  return "(no channel_error)";
}

TEST(Chan, ChannelErrorIsALogicError) {
  static_assert(std::is_base_of_v<std::logic_error, gogo::channel_error>);
  SUCCEED();
}

TEST(Chan, HandleIsCopyableAndComparesIdentity) {
  auto a = gogo::make_chan<int>(1);
  auto b = a;
  auto c = gogo::make_chan<int>(1);
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_TRUE(a != c);
  b.send(5);  // a copy is the same channel
  EXPECT_EQ(a.recv(), 5);
  gogo::chan<int> nil;
  EXPECT_FALSE(nil);
  EXPECT_TRUE(a);
  EXPECT_TRUE(nil == gogo::chan<int>());
}

TEST(Chan, UnbufferedSendBlocksUntilReceived) {
  auto ch = gogo::make_chan<int>();
  std::atomic<bool> sent{false};
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    ch.send(1);
    sent = true;
    wg.done();
  });
  std::this_thread::sleep_for(20ms);
  EXPECT_FALSE(sent.load());  // nobody received yet
  EXPECT_EQ(ch.recv(), 1);
  wg.wait();
  EXPECT_TRUE(sent.load());
}

TEST(Chan, BufferedSendDoesNotBlockUntilFull) {
  auto ch = gogo::make_chan<int>(2);
  EXPECT_EQ(ch.cap(), 2u);
  ch.send(1);
  ch.send(2);
  EXPECT_EQ(ch.len(), 2u);
  EXPECT_FALSE(ch.try_send(3));  // full
  EXPECT_EQ(ch.recv(), 1);
  EXPECT_TRUE(ch.try_send(3));
  EXPECT_EQ(ch.recv(), 2);
  EXPECT_EQ(ch.recv(), 3);
  EXPECT_EQ(ch.len(), 0u);
}

TEST(Chan, FifoPerChannelAcrossBlockedSenders) {
  auto ch = gogo::make_chan<int>(4);
  constexpr int n = 1000;
  gogo::go([ch] {
    for (int i = 0; i < n; i++) ch.send(i);
    ch.close();
  });
  int expect = 0;
  for (int v : ch) EXPECT_EQ(v, expect++);
  EXPECT_EQ(expect, n);
}

TEST(Chan, ClosedChannelDeliversBufferThenNullopt) {
  auto ch = gogo::make_chan<std::string>(3);
  ch.send("a");
  ch.send("b");
  ch.close();
  EXPECT_EQ(ch.recv(), "a");
  EXPECT_EQ(ch.try_recv(), "b");
  EXPECT_EQ(ch.recv(), std::nullopt);
  EXPECT_EQ(ch.recv(), std::nullopt);  // stays drained
  EXPECT_EQ(ch.try_recv(), std::nullopt);
}

TEST(Chan, SendOnClosedThrows) {
  auto ch = gogo::make_chan<int>(1);
  ch.close();
  EXPECT_EQ(error_of([&] { ch.send(1); }), "send on closed channel");
  EXPECT_EQ(error_of([&] { ch.try_send(1); }), "send on closed channel");
}

TEST(Chan, CloseOfNilOrClosedThrows) {
  gogo::chan<int> nil;
  EXPECT_EQ(error_of([&] { nil.close(); }), "close of nil channel");
  auto ch = gogo::make_chan<int>();
  ch.close();
  EXPECT_EQ(error_of([&] { ch.close(); }), "close of closed channel");
}

TEST(Chan, CloseWakesBlockedReceiversWithNullopt) {
  auto ch = gogo::make_chan<int>();
  constexpr int n = 10;
  std::atomic<int> got_nullopt{0};
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      if (!ch.recv()) got_nullopt++;
      wg.done();
    });
  }
  std::this_thread::sleep_for(20ms);
  ch.close();
  wg.wait();
  EXPECT_EQ(got_nullopt.load(), n);
}

TEST(Chan, CloseWakesBlockedSendersWhoThrow) {
  auto ch = gogo::make_chan<int>();
  constexpr int n = 10;
  std::atomic<int> threw{0};
  gogo::wait_group wg;
  wg.add(n);
  for (int i = 0; i < n; i++) {
    gogo::go([&, i] {
      try {
        ch.send(i);
      } catch (const gogo::channel_error& e) {
        if (std::string(e.what()) == "send on closed channel") threw++;
      }
      wg.done();
    });
  }
  std::this_thread::sleep_for(20ms);
  ch.close();
  wg.wait();
  EXPECT_EQ(threw.load(), n);
}

// close() wakes its waiters in batches (64 at a time): many more than one
// batch, of every kind (goroutine receivers, select cases and plain threads
// on `ch`; goroutine senders on `out`), all woken with the right outcome,
// whether a plain thread or a goroutine closes.
void close_wakes_every_kind_of_waiter(bool close_from_goroutine) {
  auto ch = gogo::make_chan<int>();
  auto out = gogo::make_chan<int>();
  auto never = gogo::make_chan<int>();
  constexpr int receivers = 300, senders = 150, selects = 100, threads = 4;
  std::atomic<int> nullopts{0}, throws{0}, select_closed{0};
  gogo::wait_group wg;
  wg.add(receivers + senders + selects);
  for (int i = 0; i < receivers; i++) {
    gogo::go([&] {
      if (!ch.recv()) nullopts++;
      wg.done();
    });
  }
  for (int i = 0; i < senders; i++) {
    gogo::go([&, i] {
      try {
        out.send(i);
      } catch (const gogo::channel_error&) {
        throws++;
      }
      wg.done();
    });
  }
  for (int i = 0; i < selects; i++) {
    gogo::go([&] {
      gogo::select{gogo::on_recv(ch, [&](std::optional<int> v) { select_closed += !v; }),
                   gogo::on_recv(never, [](std::optional<int>) {})};
      wg.done();
    });
  }
  std::vector<std::thread> plain;
  for (int i = 0; i < threads; i++) {
    plain.emplace_back([&] {
      if (!ch.recv()) nullopts++;
    });
  }
  std::this_thread::sleep_for(50ms);  // let them all block
  if (close_from_goroutine) {
    gogo::wait_group closed;
    closed.add(1);
    gogo::go([&] {
      ch.close();
      out.close();
      closed.done();
    });
    closed.wait();
  } else {
    ch.close();
    out.close();
  }
  wg.wait();
  for (auto& t : plain) t.join();
  EXPECT_EQ(nullopts.load(), receivers + threads);
  EXPECT_EQ(throws.load(), senders);
  EXPECT_EQ(select_closed.load(), selects);
}

TEST(Chan, CloseFromAThreadWakesManyWaitersOfEveryKind) { close_wakes_every_kind_of_waiter(false); }
TEST(Chan, CloseFromAGoroutineWakesManyWaitersOfEveryKind) { close_wakes_every_kind_of_waiter(true); }

TEST(Chan, NilChannelTryOperationsNeverSucceed) {
  gogo::chan<int> nil;
  EXPECT_FALSE(nil.try_send(1));
  EXPECT_EQ(nil.try_recv(), std::nullopt);
  EXPECT_EQ(nil.len(), 0u);
  EXPECT_EQ(nil.cap(), 0u);
}

TEST(Chan, NilChannelBlocksForever) {
  gogo::chan<int> nil;
  std::atomic<bool> returned{false};
  gogo::go([&] {
    nil.recv();
    returned = true;
  });
  gogo::go([&] {
    nil.send(1);
    returned = true;
  });
  gogo::sleep_for(30ms);  // keeps a timer pending: not a deadlock
  EXPECT_FALSE(returned.load());
}

TEST(Chan, PollTellsValueClosedAndNotReadyApart) {
  // Go's `select { case v, ok := <-c: ...; default: ... }`.
  auto ch = gogo::make_chan<std::string>(2);
  auto [status, value] = ch.poll();
  EXPECT_EQ(status, gogo::recv_status::would_block);
  EXPECT_FALSE(value);
  ch.send("a");
  ch.send("b");
  ch.close();
  auto first = ch.poll();
  EXPECT_EQ(first.status, gogo::recv_status::received);
  EXPECT_EQ(first.value, "a");
  EXPECT_EQ(ch.poll().value, "b");  // buffered values still come after close
  auto drained = ch.poll();
  EXPECT_EQ(drained.status, gogo::recv_status::closed);
  EXPECT_FALSE(drained.value);
  EXPECT_EQ(ch.poll().status, gogo::recv_status::closed);  // and stays so
  EXPECT_EQ(gogo::chan<int>().poll().status, gogo::recv_status::would_block);  // nil
}

TEST(Chan, PollOnUnbufferedTakesFromABlockedSender) {
  auto ch = gogo::make_chan<std::unique_ptr<int>>();
  EXPECT_EQ(ch.poll().status, gogo::recv_status::would_block);
  gogo::go([ch] { ch.send(std::make_unique<int>(9)); });
  gogo::poll_result<std::unique_ptr<int>> r;
  while ((r = ch.poll()).status == gogo::recv_status::would_block) gogo::sleep_for(1ms);
  ASSERT_EQ(r.status, gogo::recv_status::received);
  EXPECT_EQ(**r.value, 9);
}

TEST(Chan, CapacityOutOfRangeThrowsInsteadOfAllocatingTooLittle) {
  // capacity * element size wraps around 2^64: must not become a tiny
  // buffer that later sends overrun.
  std::string what = error_of([] { gogo::make_chan<std::int64_t>((std::size_t(1) << 61) + 1); });
  EXPECT_EQ(what.rfind("makechan: size out of range", 0), 0u) << what;
  EXPECT_NE(what.find("at most 35184372088832"), std::string::npos) << what;  // 2^48 / 8
  what = error_of([] { gogo::make_chan<int>(std::size_t(-1)); });
  EXPECT_EQ(what.rfind("makechan: size out of range", 0), 0u) << what;
  struct big {
    char bytes[1 << 20];
  };
  what = error_of([] { gogo::make_chan<big>((std::size_t(1) << 28) + 1); });
  EXPECT_EQ(what.rfind("makechan: size out of range", 0), 0u) << what;
  // Within the limit: fine.
  EXPECT_EQ(gogo::make_chan<std::int64_t>(1 << 20).cap(), std::size_t(1) << 20);
}

// Counts constructions at an address that breaks the type's alignment.
std::atomic<int> misaligned{0};
struct alignas(256) over_aligned {
  int v;
  explicit over_aligned(int x) : v(x) { check(); }
  over_aligned(over_aligned&& o) noexcept : v(o.v) { check(); }
  void check() const noexcept {
    if (reinterpret_cast<std::uintptr_t>(this) % 256 != 0) misaligned++;
  }
};

TEST(Chan, BufferedElementsKeepTheirAlignment) {
  // The core and its buffer share one allocation, aligned by hand.
  for (std::size_t cap : {1u, 3u, 17u}) {
    auto ch = gogo::make_chan<over_aligned>(cap);
    for (std::size_t i = 0; i < cap; i++) ch.send(over_aligned(int(i)));
    for (std::size_t i = 0; i < cap; i++) EXPECT_EQ(ch.recv()->v, int(i));
    auto small = gogo::make_chan<char>(cap);
    small.send('x');
    EXPECT_EQ(small.recv(), 'x');
  }
  EXPECT_EQ(misaligned.load(), 0);
}

TEST(Chan, TryOperationsOnUnbufferedNeedAPartner) {
  auto ch = gogo::make_chan<int>();
  EXPECT_FALSE(ch.try_send(1));
  EXPECT_EQ(ch.try_recv(), std::nullopt);
  // A blocked receiver makes try_send succeed.
  gogo::wait_group wg;
  std::optional<int> got;
  wg.add(1);
  gogo::go([&] {
    got = ch.recv();
    wg.done();
  });
  while (!ch.try_send(7)) gogo::sleep_for(1ms);
  wg.wait();
  EXPECT_EQ(got, 7);
}

TEST(Chan, MoveOnlyElements) {
  auto ch = gogo::make_chan<std::unique_ptr<int>>();
  gogo::go([ch] {
    for (int i = 0; i < 3; i++) ch.send(std::make_unique<int>(i));
    ch.close();
  });
  int expect = 0;
  for (std::unique_ptr<int> p : ch) EXPECT_EQ(*p, expect++);
  EXPECT_EQ(expect, 3);

  auto buffered = gogo::make_chan<std::unique_ptr<int>>(2);
  buffered.send(std::make_unique<int>(9));
  EXPECT_TRUE(buffered.try_send(std::make_unique<int>(10)));
  EXPECT_EQ(*buffered.recv().value(), 9);
  EXPECT_EQ(*buffered.try_recv().value(), 10);
}

TEST(Chan, BufferedValuesAreDestroyedWithTheChannel) {
  auto counter = std::make_shared<int>(0);
  {
    auto ch = gogo::make_chan<std::shared_ptr<int>>(4);
    ch.send(counter);
    ch.send(counter);
    EXPECT_EQ(counter.use_count(), 3);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(Chan, RangeForStopsWhenClosedAndDrained) {
  auto ch = gogo::make_chan<int>(10);
  for (int i = 0; i < 5; i++) ch.send(i);
  ch.close();
  int sum = 0;
  for (int v : ch) sum += v;
  EXPECT_EQ(sum, 10);
}

TEST(Chan, BlockingFromPlainThreadBlocksThatThread) {
  auto request = gogo::make_chan<int>();
  auto reply = gogo::make_chan<int>();
  std::thread t([=] { reply.send(request.recv().value() + 1); });
  gogo::go([=] { request.send(1); });
  // Main receives the plain thread's reply to the goroutine's request.
  EXPECT_EQ(reply.recv(), 2);
  t.join();
}

TEST(Chan, ManySendersManyReceiversLoseNothing) {
  auto ch = gogo::make_chan<int>(8);
  constexpr int senders = 8, per = 500;
  gogo::wait_group ws;
  ws.add(senders);
  for (int s = 0; s < senders; s++) {
    gogo::go([&, s] {
      for (int i = 0; i < per; i++) ch.send(s * per + i);
      ws.done();
    });
  }
  gogo::go([&] {
    ws.wait();
    ch.close();
  });
  std::atomic<long> sum{0};
  gogo::wait_group wr;
  wr.add(4);
  for (int r = 0; r < 4; r++) {
    gogo::go([&] {
      for (int v : ch) sum += v;
      wr.done();
    });
  }
  wr.wait();
  const long n = senders * per;
  EXPECT_EQ(sum.load(), n * (n - 1) / 2);
}

// Go's prime sieve: a daisy chain of filter goroutines.
TEST(Chan, PrimeSieve) {
  auto generate = [](gogo::chan<int> out) {
    for (int i = 2;; i++) out.send(i);
  };
  auto filter = [](gogo::chan<int> in, gogo::chan<int> out, int prime) {
    for (;;) {
      int v = *in.recv();
      if (v % prime != 0) out.send(v);
    }
  };
  auto ch = gogo::make_chan<int>();
  gogo::go(generate, ch);
  std::vector<int> primes;
  for (int i = 0; i < 25; i++) {
    int prime = *ch.recv();
    primes.push_back(prime);
    auto next = gogo::make_chan<int>();
    gogo::go(filter, ch, next, prime);
    ch = next;
  }
  std::vector<int> expect = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41,
                             43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
  EXPECT_EQ(primes, expect);
}

}  // namespace
