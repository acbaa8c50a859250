// gogo::context: background, with_cancel, with_deadline, with_timeout,
// with_value; cancellation through the tree; no timers or children left
// behind once a context ends.
#include <gogo/chan.hpp>
#include <gogo/context.hpp>
#include <gogo/go.hpp>
#include <gogo/select.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

bool is_done(const gogo::context& ctx) {
  bool done = false;
  gogo::select{gogo::on_recv(ctx.done(), [&](auto) { done = true; }),
               gogo::on_default([] {})};
  return done;
}

TEST(Context, BackgroundNeverEnds) {
  gogo::context bg = gogo::background();
  EXPECT_FALSE(bg.done());  // the nil channel
  EXPECT_FALSE(bg.err());
  EXPECT_FALSE(bg.deadline());
  EXPECT_FALSE(is_done(bg));
  EXPECT_FALSE(gogo::context().done());
}

TEST(Context, ErrorsReadLikeGo) {
  std::error_code canceled = gogo::context_errc::canceled;
  std::error_code exceeded = gogo::context_errc::deadline_exceeded;
  EXPECT_EQ(canceled.message(), "context canceled");
  EXPECT_EQ(exceeded.message(), "context deadline exceeded");
  EXPECT_NE(canceled, exceeded);
  EXPECT_TRUE(canceled);
}

TEST(Context, CancelEndsItOnceAndTwiceIsHarmless) {
  auto [ctx, cancel] = gogo::with_cancel(gogo::background());
  ASSERT_TRUE(ctx.done());
  EXPECT_FALSE(is_done(ctx));
  EXPECT_FALSE(ctx.err());
  cancel();
  EXPECT_TRUE(is_done(ctx));
  EXPECT_EQ(ctx.err(), gogo::context_errc::canceled);
  cancel();  // again: nothing changes
  EXPECT_EQ(ctx.err(), gogo::context_errc::canceled);
  EXPECT_FALSE(ctx.done().recv());  // closed
}

TEST(Context, DoneChannelIsTheSameEveryTime) {
  auto [ctx, cancel] = gogo::with_cancel(gogo::background());
  EXPECT_TRUE(ctx.done() == ctx.done());
  cancel();
  EXPECT_TRUE(ctx.done() == ctx.done());
  // Asked for only after the end: closed at once.
  auto [late, late_cancel] = gogo::with_cancel(gogo::background());
  late_cancel();
  EXPECT_FALSE(late.done().recv());
}

TEST(Context, CancellationReachesEveryDescendant) {
  // Go's context_test.go XTestParentFinishesChild.
  auto [parent, cancel_parent] = gogo::with_cancel(gogo::background());
  auto [child, cancel_child] = gogo::with_cancel(parent);
  gogo::context_key<int> k;
  gogo::context valued = gogo::with_value(child, k, 1);
  auto [grandchild, cancel_grandchild] = gogo::with_timeout(valued, 1h);
  EXPECT_FALSE(is_done(grandchild));
  cancel_parent();
  for (const gogo::context* c : {&parent, &child, &valued, &grandchild}) {
    EXPECT_TRUE(is_done(*c));
    EXPECT_EQ(c->err(), gogo::context_errc::canceled);
  }
  cancel_child();
  cancel_grandchild();
}

TEST(Context, ChildCancelLeavesTheParent) {
  // Go's XTestChildFinishesFirst.
  auto [parent, cancel_parent] = gogo::with_cancel(gogo::background());
  auto [child, cancel_child] = gogo::with_cancel(parent);
  cancel_child();
  EXPECT_TRUE(is_done(child));
  EXPECT_FALSE(is_done(parent));
  EXPECT_FALSE(parent.err());
  cancel_parent();
}

TEST(Context, DerivingFromAnEndedContextEndsAtOnce) {
  auto [parent, cancel_parent] = gogo::with_cancel(gogo::background());
  cancel_parent();
  auto [child, cancel_child] = gogo::with_cancel(parent);
  EXPECT_EQ(child.err(), gogo::context_errc::canceled);
  auto [timed, cancel_timed] = gogo::with_timeout(parent, 1h);
  EXPECT_EQ(timed.err(), gogo::context_errc::canceled);
  cancel_child();
  cancel_timed();
}

TEST(Context, DeadlineEndsItWithDeadlineExceeded) {
  auto t0 = steady::now();
  auto [ctx, cancel] = gogo::with_timeout(gogo::background(), 20ms);
  ASSERT_TRUE(ctx.deadline());
  EXPECT_GE(*ctx.deadline(), t0 + 20ms);
  EXPECT_FALSE(ctx.done().recv());  // blocks until the deadline
  EXPECT_GE(steady::now() - t0, 20ms);
  EXPECT_EQ(ctx.err(), gogo::context_errc::deadline_exceeded);
  cancel();  // after the deadline: nothing changes
  EXPECT_EQ(ctx.err(), gogo::context_errc::deadline_exceeded);
}

TEST(Context, PastDeadlineEndsAtOnce) {
  auto [ctx, cancel] = gogo::with_deadline(gogo::background(), steady::now() - 1s);
  EXPECT_EQ(ctx.err(), gogo::context_errc::deadline_exceeded);
  auto [zero, cancel_zero] = gogo::with_timeout(gogo::background(), 0ns);
  EXPECT_EQ(zero.err(), gogo::context_errc::deadline_exceeded);
  cancel();
  cancel_zero();
}

TEST(Context, EarlierParentDeadlineWins) {
  auto [parent, cancel_parent] = gogo::with_timeout(gogo::background(), 10ms);
  auto [child, cancel_child] = gogo::with_timeout(parent, 1h);
  EXPECT_EQ(child.deadline(), parent.deadline());
  child.done().recv();
  EXPECT_EQ(child.err(), gogo::context_errc::deadline_exceeded);
  // A child with an earlier deadline keeps its own.
  auto [p2, c2] = gogo::with_timeout(gogo::background(), 1h);
  auto [ch2, cc2] = gogo::with_timeout(p2, 1ms);
  EXPECT_LT(*ch2.deadline(), *p2.deadline());
  ch2.done().recv();
  EXPECT_EQ(ch2.err(), gogo::context_errc::deadline_exceeded);
  EXPECT_FALSE(p2.err());
  cancel_parent();
  cancel_child();
  c2();
  cc2();
}

TEST(Context, CancelBeforeTheDeadlineStopsTheTimer) {
  // No timer is left pending once the context ended: with only this
  // deadline around, the process would otherwise keep a timer for an hour.
  auto [ctx, cancel] = gogo::with_timeout(gogo::background(), 1h);
  cancel();
  EXPECT_EQ(ctx.err(), gogo::context_errc::canceled);
}

TEST(Context, ValuesAreTypedAndLookedUpThroughParents) {
  // Go's TestValues, with typed keys.
  static const gogo::context_key<std::string> name;
  static const gogo::context_key<int> answer;
  static const gogo::context_key<int> other;
  gogo::context c0 = gogo::background();
  EXPECT_EQ(c0.value(name), nullptr);
  gogo::context c1 = gogo::with_value(c0, name, "c1");
  auto [c2, cancel] = gogo::with_cancel(c1);
  gogo::context c3 = gogo::with_value(c2, answer, 42);
  gogo::context c4 = gogo::with_value(c3, name, std::string("c4"));
  ASSERT_TRUE(c3.value(name));
  EXPECT_EQ(*c3.value(name), "c1");
  EXPECT_EQ(*c4.value(name), "c4");
  EXPECT_EQ(*c4.value(answer), 42);
  EXPECT_EQ(c4.value(other), nullptr);  // same type, another key
  EXPECT_EQ(c1.value(answer), nullptr);
  cancel();
  EXPECT_EQ(*c4.value(answer), 42);  // values outlive the end
  EXPECT_EQ(c4.err(), gogo::context_errc::canceled);
  EXPECT_FALSE(c1.err());
}

TEST(Context, ValuesAreDestroyedWithTheLastHandle) {
  static const gogo::context_key<std::shared_ptr<int>> key;
  auto v = std::make_shared<int>(7);
  std::weak_ptr<int> watch = v;
  {
    gogo::context c = gogo::with_value(gogo::background(), key, std::move(v));
    auto [child, cancel] = gogo::with_cancel(c);
    EXPECT_EQ(**child.value(key), 7);
    cancel();
  }
  EXPECT_TRUE(watch.expired());
}

TEST(Context, DroppedChildrenLeaveNoTrace) {
  // Children dropped without cancel unregister themselves: a parent that
  // lives on does not accumulate them, and cancelling it later is safe.
  auto [parent, cancel_parent] = gogo::with_cancel(gogo::background());
  for (int i = 0; i < 1000; i++) {
    auto [child, cancel_child] = gogo::with_cancel(parent);
    (void)child;
  }
  cancel_parent();
  EXPECT_EQ(parent.err(), gogo::context_errc::canceled);
}

TEST(Context, DoneUsableInSelectFromGoroutines) {
  auto [ctx, cancel] = gogo::with_cancel(gogo::background());
  auto work = gogo::make_chan<int>();
  auto stopped = gogo::make_chan<std::error_code>(1);
  gogo::go([ctx = ctx, work, stopped] {
    for (bool running = true; running;) {
      gogo::select{gogo::on_recv(work, [](std::optional<int>) {}),
                   gogo::on_recv(ctx.done(), [&](auto) { running = false; })};
    }
    stopped.send(ctx.err());
  });
  for (int i = 0; i < 10; i++) work.send(i);
  cancel();
  EXPECT_EQ(stopped.recv(), std::error_code(gogo::context_errc::canceled));
}

TEST(Context, ConcurrentCancelsAndDerivations) {
  // Cancels from many goroutines and threads at once, racing with new
  // children being derived and dropped.
  for (int round = 0; round < 20; round++) {
    auto [root, cancel_root] = gogo::with_cancel(gogo::background());
    gogo::wait_group wg;
    constexpr int n = 16;
    wg.add(n);
    std::atomic<int> ended{0};
    for (int i = 0; i < n; i++) {
      gogo::go([&, root = root, i] {
        auto [c, cancel] = gogo::with_timeout(root, std::chrono::microseconds(50 * (i % 4)));
        if (i % 3 == 0) cancel();
        c.done().recv();
        if (c.err()) ended++;
        cancel();
        wg.done();
      });
    }
    std::thread canceller([&, cancel_root = cancel_root] {
      gogo::sleep_for(std::chrono::microseconds(100));
      cancel_root();
    });
    cancel_root();
    canceller.join();
    wg.wait();
    EXPECT_EQ(ended.load(), n);
  }
}

TEST(Context, DefaultCancelFuncDoesNothing) {
  gogo::cancel_func none;
  none();
  SUCCEED();
}

}  // namespace
