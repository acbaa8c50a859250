// gogo::select: operand order, readiness, default, nil cases, close,
// fairness, blocking.
#include <gogo/chan.hpp>
#include <gogo/go.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <thread>

using namespace std::chrono_literals;

namespace {

// Go's fixedbugs/issue4313.go: the send case's value is taken before the
// next case's channel expression runs.
TEST(Select, CaseOperandsAreEvaluatedLeftToRight) {
  auto c = gogo::make_chan<int>(1);
  int x = 0;
  auto make_c = [](int* px) {
    *px = 42;
    return gogo::make_chan<bool>();
  };
  gogo::select{gogo::on_send(c, x), gogo::on_recv(make_c(&x), [](std::optional<bool>) {})};
  EXPECT_EQ(c.recv(), 0);

  std::string order;
  auto note = [&](char step, gogo::chan<int> ch) {
    order += step;
    return ch;
  };
  auto d = gogo::make_chan<int>(3);
  gogo::select{gogo::on_send(note('a', d), 1), gogo::on_send(note('b', d), 2),
               gogo::on_send(note('c', d), 3), gogo::on_default([] {})};
  EXPECT_EQ(order, "abc");
}

TEST(Select, OperandsAreEvaluatedOnceEvenWhenBlocking) {
  int evaluations = 0;
  auto ch = gogo::make_chan<int>();
  auto counted = [&] {
    evaluations++;
    return ch;
  };
  gogo::go([ch] { ch.send(1); });
  gogo::select{gogo::on_recv(counted(), [](std::optional<int>) {})};
  EXPECT_EQ(evaluations, 1);
}

TEST(Select, TwoDefaultsThrow) {
  auto ch = gogo::make_chan<int>();
  int ran = 0;
  EXPECT_THROW((gogo::select{gogo::on_default([&] { ran++; }),
                             gogo::on_recv(ch, [&](std::optional<int>) { ran++; }),
                             gogo::on_default([&] { ran++; })}),
               std::logic_error);
  EXPECT_EQ(ran, 0);
}

TEST(Select, PicksTheReadyCase) {
  auto a = gogo::make_chan<int>(1);
  auto b = gogo::make_chan<int>(1);
  b.send(2);
  int got = 0;
  std::size_t idx = gogo::select{gogo::on_recv(a, [&](std::optional<int> v) { got = *v; }),
                                 gogo::on_recv(b, [&](std::optional<int> v) { got = *v * 10; })};
  EXPECT_EQ(idx, 1u);
  EXPECT_EQ(got, 20);
}

TEST(Select, DefaultRunsOnlyWhenNothingIsReady) {
  auto ch = gogo::make_chan<int>(1);
  bool fell_through = false;
  EXPECT_EQ((gogo::select{gogo::on_recv(ch, [](std::optional<int>) {}),
                          gogo::on_default([&] { fell_through = true; })}),
            1u);
  EXPECT_TRUE(fell_through);
  ch.send(1);
  fell_through = false;
  EXPECT_EQ((gogo::select{gogo::on_recv(ch, [](std::optional<int>) {}),
                          gogo::on_default([&] { fell_through = true; })}),
            0u);
  EXPECT_FALSE(fell_through);
}

TEST(Select, SendCaseRunsAfterTheSend) {
  auto ch = gogo::make_chan<long>(1);
  bool ran = false;
  EXPECT_EQ((gogo::select{gogo::on_send(ch, 5, [&] { ran = true; })}), 0u);  // 5 converts to long
  EXPECT_TRUE(ran);
  EXPECT_EQ(ch.recv(), 5);
  // Full buffer: the send case is not ready.
  ch.send(1);
  EXPECT_EQ((gogo::select{gogo::on_send(ch, 6), gogo::on_default([] {})}), 1u);
}

TEST(Select, ClosedChannelIsReadyWithNullopt) {
  auto ch = gogo::make_chan<int>();
  ch.close();
  bool saw_nullopt = false;
  gogo::select{gogo::on_recv(ch, [&](std::optional<int> v) { saw_nullopt = !v; })};
  EXPECT_TRUE(saw_nullopt);
}

TEST(Select, SendOnClosedThrows) {
  auto ch = gogo::make_chan<int>(1);
  ch.close();
  EXPECT_THROW((gogo::select{gogo::on_send(ch, 1), gogo::on_default([] {})}), gogo::channel_error);
}

TEST(Select, NilCasesAreNeverReady) {
  gogo::chan<int> nil;
  auto ch = gogo::make_chan<int>(1);
  ch.send(3);
  for (int i = 0; i < 50; i++) {
    std::size_t idx = gogo::select{gogo::on_recv(nil, [](std::optional<int>) {}),
                                   gogo::on_send(nil, 1), gogo::on_default([] {})};
    EXPECT_EQ(idx, 2u);
  }
  EXPECT_EQ((gogo::select{gogo::on_recv(nil, [](std::optional<int>) {}),
                          gogo::on_recv(ch, [](std::optional<int>) {})}),
            1u);
}

TEST(Select, BlocksUntilACaseIsReady) {
  auto a = gogo::make_chan<int>();
  auto b = gogo::make_chan<std::string>();
  gogo::go([b] {
    gogo::sleep_for(10ms);
    b.send("late");
  });
  std::string got;
  std::size_t idx = gogo::select{gogo::on_recv(a, [](std::optional<int>) {}),
                                 gogo::on_recv(b, [&](std::optional<std::string> v) { got = *v; })};
  EXPECT_EQ(idx, 1u);
  EXPECT_EQ(got, "late");
}

TEST(Select, BlockedSelectIsWokenByClose) {
  auto a = gogo::make_chan<int>();
  auto b = gogo::make_chan<int>();
  gogo::go([b] {
    gogo::sleep_for(5ms);
    b.close();
  });
  bool closed = false;
  EXPECT_EQ((gogo::select{gogo::on_recv(a, [](std::optional<int>) {}),
                          gogo::on_recv(b, [&](std::optional<int> v) { closed = !v; })}),
            1u);
  EXPECT_TRUE(closed);
}

TEST(Select, BlockedSendCaseThrowsWhenClosed) {
  auto a = gogo::make_chan<int>();
  gogo::go([a] {
    gogo::sleep_for(5ms);
    a.close();
  });
  EXPECT_THROW((gogo::select{gogo::on_send(a, 1)}), gogo::channel_error);
}

TEST(Select, BlockedSendCaseHandsOverToReceiver) {
  auto a = gogo::make_chan<std::unique_ptr<int>>();
  auto never = gogo::make_chan<int>();
  gogo::wait_group wg;
  int got = 0;
  wg.add(1);
  gogo::go([&] {
    gogo::sleep_for(5ms);
    got = **a.recv();
    wg.done();
  });
  bool sent = false;
  EXPECT_EQ((gogo::select{gogo::on_recv(never, [](std::optional<int>) {}),
                          gogo::on_send(a, std::make_unique<int>(77), [&] { sent = true; })}),
            1u);
  wg.wait();
  EXPECT_TRUE(sent);
  EXPECT_EQ(got, 77);
}

// Among ready cases the choice is uniform: with 4 always-ready cases over
// 40,000 rounds each count is ~10,000; a chi-square test with 3 degrees of
// freedom at p = 1e-6 (critical value 30.7) fails a biased choice (e.g.
// "first ready wins" or a modulo-biased order) and essentially never a fair one.
TEST(Select, FairAmongReadyCases) {
  std::array<gogo::chan<int>, 4> chans;
  for (auto& c : chans) {
    c = gogo::make_chan<int>(1);
    c.send(0);
  }
  std::array<int, 4> hits{};
  constexpr int rounds = 40000;
  for (int r = 0; r < rounds; r++) {
    std::size_t idx = gogo::select{gogo::on_recv(chans[0], [](std::optional<int>) {}),
                                   gogo::on_recv(chans[1], [](std::optional<int>) {}),
                                   gogo::on_recv(chans[2], [](std::optional<int>) {}),
                                   gogo::on_recv(chans[3], [](std::optional<int>) {})};
    hits[idx]++;
    chans[idx].send(0);  // ready again
  }
  double expected = rounds / 4.0, chi2 = 0;
  for (int h : hits) chi2 += (h - expected) * (h - expected) / expected;
  EXPECT_LT(chi2, 30.7) << hits[0] << " " << hits[1] << " " << hits[2] << " " << hits[3];
}

TEST(Select, FairInsideGoroutines) {
  auto a = gogo::make_chan<int>(1);
  auto b = gogo::make_chan<int>(1);
  std::atomic<int> hits_a{0}, hits_b{0};
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    a.send(0);
    b.send(0);
    for (int i = 0; i < 20000; i++) {
      gogo::select{gogo::on_recv(a, [&](std::optional<int>) { hits_a++; a.send(0); }),
                   gogo::on_recv(b, [&](std::optional<int>) { hits_b++; b.send(0); })};
    }
    wg.done();
  });
  wg.wait();
  // Binomial(20000, 1/2): sd ~ 71; 10,000 +- 600 is over 8 sd.
  EXPECT_NEAR(hits_a.load(), 10000, 600);
  EXPECT_EQ(hits_a + hits_b, 20000);
}

TEST(Select, SameChannelTwice) {
  auto ch = gogo::make_chan<int>(1);
  ch.send(1);
  int runs = 0;
  gogo::select{gogo::on_recv(ch, [&](std::optional<int>) { runs++; }),
               gogo::on_recv(ch, [&](std::optional<int>) { runs++; })};
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(ch.len(), 0u);
}

TEST(Select, ManyCasesUseTheHeapPath) {
  std::array<gogo::chan<int>, 12> chans;
  for (auto& c : chans) c = gogo::make_chan<int>();
  gogo::go([c = chans[11]] { c.send(11); });
  int got = -1;
  auto on = [&](int i) { return gogo::on_recv(chans[i], [&](std::optional<int> v) { got = *v; }); };
  std::size_t idx = gogo::select{on(0), on(1), on(2), on(3), on(4), on(5), on(6), on(7), on(8),
                                 on(9), on(10), on(11)};
  EXPECT_EQ(idx, 11u);
  EXPECT_EQ(got, 11);
}

TEST(Select, OnlyOneCaseWinsUnderRaces) {
  // Many senders race to complete one blocked select; exactly one value is
  // taken by each select, none lost or duplicated.
  constexpr int rounds = 300;
  auto a = gogo::make_chan<int>();
  auto b = gogo::make_chan<int>();
  std::atomic<long> received{0};
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    for (int i = 0; i < 2 * rounds; i++) {
      gogo::select{gogo::on_recv(a, [&](std::optional<int> v) { received += *v; }),
                   gogo::on_recv(b, [&](std::optional<int> v) { received += *v; })};
    }
    wg.done();
  });
  gogo::wait_group senders;
  senders.add(2);
  for (auto ch : {a, b}) {
    gogo::go([&, ch] {
      for (int i = 0; i < rounds; i++) ch.send(1);
      senders.done();
    });
  }
  senders.wait();
  wg.wait();
  EXPECT_EQ(received.load(), 2 * rounds);
}

}  // namespace
