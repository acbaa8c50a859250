// gogo::once.
#include <gogo/go.hpp>
#include <gogo/once.hpp>
#include <gogo/time.hpp>
#include <gogo/wait_group.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

TEST(Once, RunsTheFirstFunctionOnly) {
  gogo::once o;
  int runs = 0;
  o.call([&] { runs++; });
  o.call([&] { runs += 10; });
  EXPECT_EQ(runs, 1);
}

int function_runs = 0;
void count_function_run() { function_runs++; }

TEST(Once, TakesAFunction) {
  // As Go's once.Do(f) takes a func: a function, not only a lambda.
  gogo::once o;
  o.call(count_function_run);
  o.call(count_function_run);
  o.call(&count_function_run);
  EXPECT_EQ(function_runs, 1);
}

TEST(Once, OthersWaitUntilTheFirstReturns) {
  // Go's sync/once_test.go TestOnce: every caller sees the function's
  // effect once call() returns.
  gogo::once o;
  std::atomic<int> value{0};
  constexpr int n = 20;
  gogo::wait_group wg;
  wg.add(n);
  std::atomic<int> saw_done{0};
  for (int i = 0; i < n; i++) {
    gogo::go([&] {
      o.call([&] {
        gogo::sleep_for(10ms);  // the others arrive meanwhile and park
        value.store(1);
      });
      if (value.load() == 1) saw_done++;
      wg.done();
    });
  }
  wg.wait();
  EXPECT_EQ(saw_done.load(), n);
}

TEST(Once, AThrowingFunctionCountsAsRun) {
  // Go's TestOncePanic: after a panicking f, Do does not call f again.
  gogo::once o;
  EXPECT_THROW(o.call([] { throw std::runtime_error("failed"); }), std::runtime_error);
  bool ran = false;
  o.call([&] { ran = true; });
  EXPECT_FALSE(ran);
}

TEST(Once, WaitersOfAThrowingFunctionAreReleased) {
  gogo::once o;
  auto started = std::make_shared<std::atomic<bool>>(false);
  gogo::wait_group wg;
  wg.add(1);
  gogo::go([&] {
    try {
      o.call([&] {
        started->store(true);
        gogo::sleep_for(10ms);
        throw std::runtime_error("failed");
      });
    } catch (const std::runtime_error&) {
    }
    wg.done();
  });
  while (!started->load()) gogo::sleep_for(1ms);
  bool ran = false;
  o.call([&] { ran = true; });  // parks until the first one threw
  EXPECT_FALSE(ran);
  wg.wait();
}

TEST(Once, FromPlainThreadsAndGoroutines) {
  gogo::once o;
  std::atomic<int> runs{0};
  gogo::wait_group wg;
  wg.add(10);
  for (int i = 0; i < 10; i++) {
    gogo::go([&] {
      o.call([&] {
        gogo::sleep_for(5ms);
        runs++;
      });
      wg.done();
    });
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; i++) threads.emplace_back([&] { o.call([&] { runs++; }); });
  for (auto& t : threads) t.join();
  wg.wait();
  EXPECT_EQ(runs.load(), 1);
}

TEST(Once, MutableAndMoveOnlyFunctions) {
  gogo::once o;
  auto p = std::make_unique<int>(5);
  int got = 0;
  o.call([q = std::move(p), &got]() mutable { got = *q; });
  EXPECT_EQ(got, 5);
}

}  // namespace
