// gogo::send_chan and gogo::recv_chan. What must not compile is in
// compile_fail.cpp.
#include <gogo/chan.hpp>
#include <gogo/directional_chan.hpp>
#include <gogo/go.hpp>
#include <gogo/select.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <type_traits>
#include <vector>

namespace {

// Signatures that state the direction, as in Go.
void produce(gogo::send_chan<int> out, int n) {
  for (int i = 0; i < n; i++) out.send(i);
  out.close();
}

int sum(gogo::recv_chan<int> in) {
  int total = 0;
  for (int v : in) total += v;
  return total;
}

TEST(DirectionalChan, ConvertsImplicitlyFromChan) {
  static_assert(std::is_convertible_v<gogo::chan<int>, gogo::send_chan<int>>);
  static_assert(std::is_convertible_v<gogo::chan<int>, gogo::recv_chan<int>>);
  static_assert(!std::is_convertible_v<gogo::send_chan<int>, gogo::chan<int>>);
  static_assert(!std::is_convertible_v<gogo::recv_chan<int>, gogo::chan<int>>);
  static_assert(!std::is_convertible_v<gogo::send_chan<int>, gogo::recv_chan<int>>);
  static_assert(!std::is_convertible_v<gogo::recv_chan<int>, gogo::send_chan<int>>);
  static_assert(!std::is_convertible_v<gogo::chan<long>, gogo::recv_chan<int>>);
  SUCCEED();
}

TEST(DirectionalChan, ProducerAndConsumerThroughHandles) {
  auto ch = gogo::make_chan<int>(4);
  gogo::go(produce, ch, 100);
  EXPECT_EQ(sum(ch), 4950);
}

TEST(DirectionalChan, HandlesShareTheChannel) {
  auto ch = gogo::make_chan<int>(2);
  gogo::send_chan<int> s = ch;
  gogo::recv_chan<int> r = ch;
  s.send(1);
  EXPECT_TRUE(s.try_send(2));
  EXPECT_FALSE(s.try_send(3));
  EXPECT_EQ(s.len(), 2u);
  EXPECT_EQ(r.len(), 2u);
  EXPECT_EQ(r.cap(), 2u);
  EXPECT_EQ(r.recv(), 1);
  EXPECT_EQ(r.try_recv(), 2);
  EXPECT_EQ(r.try_recv(), std::nullopt);
  EXPECT_EQ(r.poll().status, gogo::recv_status::would_block);
  s.close();
  EXPECT_EQ(r.poll().status, gogo::recv_status::closed);
  EXPECT_EQ(r.recv(), std::nullopt);
  EXPECT_THROW(s.close(), gogo::channel_error);
}

TEST(DirectionalChan, CompareByIdentity) {
  auto a = gogo::make_chan<int>();
  auto b = gogo::make_chan<int>();
  gogo::recv_chan<int> ra = a;
  gogo::send_chan<int> sa = a;
  EXPECT_TRUE(ra == a);
  EXPECT_TRUE(a == ra);
  EXPECT_TRUE(sa == a);
  EXPECT_TRUE(ra != b);
  EXPECT_TRUE(gogo::recv_chan<int>(a) == ra);
}

TEST(DirectionalChan, NilHandles) {
  gogo::recv_chan<int> r;
  gogo::send_chan<int> s;
  EXPECT_FALSE(r);
  EXPECT_FALSE(s);
  EXPECT_EQ(r.cap(), 0u);
  EXPECT_EQ(r.try_recv(), std::nullopt);
  EXPECT_FALSE(s.try_send(1));
  EXPECT_THROW(s.close(), gogo::channel_error);
  EXPECT_TRUE(r == gogo::recv_chan<int>(gogo::chan<int>()));
}

TEST(DirectionalChan, MoveOnlyElements) {
  auto ch = gogo::make_chan<std::unique_ptr<int>>(1);
  gogo::send_chan<std::unique_ptr<int>> s = ch;
  gogo::recv_chan<std::unique_ptr<int>> r = ch;
  s.send(std::make_unique<int>(7));
  auto v = r.recv();
  ASSERT_TRUE(v && *v);
  EXPECT_EQ(**v, 7);
}

TEST(DirectionalChan, UsableInSelect) {
  auto a = gogo::make_chan<int>(1);
  auto b = gogo::make_chan<int>(1);
  gogo::recv_chan<int> in = a;
  gogo::send_chan<int> out = b;
  a.send(5);
  int got = 0;
  std::size_t i = gogo::select{gogo::on_recv(in, [&](std::optional<int> v) { got = *v; })};
  EXPECT_EQ(i, 0u);
  EXPECT_EQ(got, 5);
  bool sent = false;
  i = gogo::select{gogo::on_send(out, 6, [&] { sent = true; }),
                   gogo::on_recv(in, [](std::optional<int>) {})};
  EXPECT_EQ(i, 0u);
  EXPECT_TRUE(sent);
  EXPECT_EQ(b.recv(), 6);
}

TEST(DirectionalChan, FromPlainThreads) {
  auto ch = gogo::make_chan<int>();
  std::thread producer(produce, gogo::send_chan<int>(ch), 50);
  EXPECT_EQ(sum(ch), 1225);
  producer.join();
}

}  // namespace
