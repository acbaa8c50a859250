// Everyday Go patterns, written with gogo the right way: not a single
// diagnostic may fire here (a false positive costs more trust than a missed
// race).
//
// RUN: %check_gogo --allow-empty --implicit-check-not=note: %s -- -std=c++17
// CHECK-NOT: {{.}}
// RUN: %gogo-rewrite %s -- -std=c++17 > %t.cpp
// RUN: %cxx-clang -fsyntax-only %t.cpp

#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace std::chrono_literals;

int work(int n) { return n * n; }

// Worker pool: jobs in, results out, wait_group closes the results.
std::vector<int> worker_pool(const std::vector<int> &input, int workers) {
  auto jobs = gogo::make_chan<int>(input.size());
  auto results = gogo::make_chan<int>(input.size());
  gogo::wait_group wg;
  for (int w = 0; w < workers; ++w) {
    wg.add(1);
    go [jobs, results, &wg] {
      for (int job : jobs)
        results.send(work(job));
      wg.done();
    };
  }
  for (int v : input)
    jobs.send(v);
  jobs.close();
  go [&wg, results] {
    wg.wait();
    results.close();
  };
  std::vector<int> out;
  for (int r : results)
    out.push_back(r);
  return out;
}

// Pipeline: each stage owns its channels by value.
gogo::chan<int> generate(int n) {
  auto out = gogo::make_chan<int>();
  go [out, n] {
    for (int i = 0; i < n; ++i)
      out.send(i);
    out.close();
  };
  return out;
}
gogo::chan<int> square(gogo::chan<int> in) {
  auto out = gogo::make_chan<int>();
  go [in, out] {
    for (int v : in)
      out.send(v * v);
    out.close();
  };
  return out;
}

// Fan-in with select and a timeout.
void fan_in(std::vector<gogo::chan<std::string>> sources) {
  auto merged = gogo::make_chan<std::string>();
  for (auto &source : sources)
    go [source, merged] {
      for (std::string s : source)
        merged.send(s);
    };
  auto timeout = gogo::after(100ms);
  bool done = false;
  while (!done) {
    gogo::select{
        gogo::on_recv(merged, [](std::optional<std::string> s) { if (s) std::puts(s->c_str()); }),
        gogo::on_recv(timeout, [&](auto) { done = true; })};
  }
}

// A shared counter under a mutex, waited for.
int count_in_parallel(int n) {
  int count = 0;
  gogo::mutex mu;
  gogo::wait_group wg;
  for (int i = 0; i < n; ++i) {
    wg.add(1);
    go [&] {
      std::lock_guard<gogo::mutex> hold(mu);
      ++count;
      wg.done();
    };
  }
  wg.wait();
  return count;
}

// Results by index: each goroutine writes its own slot.
std::vector<int> by_index(int n) {
  std::vector<int> out(n);
  gogo::wait_group wg;
  for (int i = 0; i < n; ++i) {
    wg.add(1);
    go [&out, &wg, i] {
      out[i] = work(i);
      wg.done();
    };
  }
  wg.wait();
  return out;
}

// A server object: goroutines run member functions on `this`, and the
// object waits for them in stop().
class server {
 public:
  void start() {
    for (int i = 0; i < 4; ++i) {
      wg_.add(1);
      go serve(i);
    }
    go [this] { watchdog(); };
  }
  void stop() {
    quit_.close();
    wg_.wait();
  }

 private:
  void serve(int id) {
    (void)id;
    quit_.recv();
    wg_.done();
  }
  void watchdog() { gogo::sleep_for(10ms); }
  gogo::chan<int> quit_ = gogo::make_chan<int>();
  gogo::wait_group wg_;
};

// Ownership moved into the goroutine.
void hand_over(gogo::chan<int> done) {
  for (int i = 0; i < 3; ++i) {
    auto buffer = std::make_unique<std::vector<int>>(16, i);
    go [buffer = std::move(buffer), done]() mutable {
      buffer->push_back(1);
      done.send(1);
    };
  }
  for (int i = 0; i < 3; ++i)
    done.recv();
}

// A map of per-key goroutines, each getting copies.
void per_key(const std::map<std::string, int> &config) {
  auto done = gogo::make_chan<int>(config.size());
  for (const auto &[key, value] : config) {
    std::string name = key;
    int limit = value;
    go [name, limit, done] {
      std::printf("%s %d\n", name.c_str(), limit);
      done.send(1);
    };
  }
  for (std::size_t i = 0; i < config.size(); ++i)
    done.recv();
}

int main() {
  auto results = worker_pool({1, 2, 3}, 2);
  for (int v : square(generate(4)))
    std::printf("%d\n", v);
  std::printf("%d %zu %zu\n", count_in_parallel(8), by_index(4).size(), results.size());
  server s;
  s.start();
  s.stop();
  hand_over(gogo::make_chan<int>(3));
  per_key({{"a", 1}});
}
