// From Go 1.19's src/sync/mutex_test.go: TestMutex, TestMutexMisuse (each
// misuse run in a child process, which must die with a message about an
// unlocked lock) and TestMutexFairness. TestSemaphore tests the runtime's
// internal semaphore, which gogo does not export.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

#include <sys/wait.h>

using namespace std::chrono_literals;

void hammer_mutex(gogo::mutex* m, int loops, gogo::chan<bool> cdone) {
  for (int i = 0; i < loops; i++) {
    if (i % 3 == 0) {
      if (m->try_lock()) m->unlock();
      continue;
    }
    m->lock();
    m->unlock();
  }
  cdone.send(true);
}

void test_mutex() {
  gogo::mutex m;
  m.lock();
  check(!m.try_lock(), "TryLock succeeded with mutex locked");
  m.unlock();
  check(m.try_lock(), "TryLock failed with mutex unlocked");
  m.unlock();
  auto c = gogo::make_chan<bool>();
  for (int i = 0; i < 10; i++) go hammer_mutex(&m, 1000, c);
  for (int i = 0; i < 10; i++) c.recv();
}

struct misuse_test {
  const char* name;
  void (*f)();
};
const misuse_test misuse_tests[] = {
    {"Mutex.Unlock", [] { gogo::mutex mu; mu.unlock(); }},
    {"Mutex.Unlock2", [] { gogo::mutex mu; mu.lock(); mu.unlock(); mu.unlock(); }},
    {"RWMutex.Unlock", [] { gogo::rw_mutex mu; mu.unlock(); }},
    {"RWMutex.Unlock2", [] { gogo::rw_mutex mu; mu.lock_shared(); mu.unlock(); }},
    {"RWMutex.Unlock3", [] { gogo::rw_mutex mu; mu.lock(); mu.unlock(); mu.unlock(); }},
    {"RWMutex.RUnlock", [] { gogo::rw_mutex mu; mu.unlock_shared(); }},
    {"RWMutex.RUnlock2", [] { gogo::rw_mutex mu; mu.lock(); mu.unlock_shared(); }},
    {"RWMutex.RUnlock3",
     [] { gogo::rw_mutex mu; mu.lock_shared(); mu.unlock_shared(); mu.unlock_shared(); }},
};

// Runs this program again for one misuse test; returns its exit status and
// everything it printed.
std::pair<int, std::string> run_misuse(const char* self, const char* name) {
  std::string cmd = std::string(self) + " TESTMISUSE " + name + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  check(p != nullptr, "popen");
  std::string out;
  char buf[256];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128, out};
}

void test_mutex_misuse(const char* self) {
  for (const misuse_test& t : misuse_tests) {
    auto [status, out] = run_misuse(self, t.name);
    check(status != 0 && out.find("unlocked") != std::string::npos,
          std::string(t.name) + ": did not find failure with message about unlocked lock: " + out);
  }
}

void test_mutex_fairness() {
  auto mu = std::make_shared<gogo::mutex>();
  auto stop = gogo::make_chan<bool>();
  go [mu, stop] {
    for (;;) {
      mu->lock();
      gogo::sleep_for(100us);
      mu->unlock();
      bool stopped = false;
      gogo::select{gogo::on_recv(stop, [&](auto) { stopped = true; }), gogo::on_default([] {})};
      if (stopped) return;
    }
  };
  auto done = gogo::make_chan<bool>(1);
  go [mu, done] {
    for (int i = 0; i < 10; i++) {
      gogo::sleep_for(100us);
      mu->lock();
      mu->unlock();
    }
    done.send(true);
  };
  gogo::select{gogo::on_recv(done, [](auto) {}),
               gogo::on_recv(gogo::after(10s),
                             [](auto) { panic("can't acquire Mutex in 10 seconds"); })};
  stop.close();
}

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "TESTMISUSE") == 0) {
    for (const misuse_test& t : misuse_tests) {
      if (std::strcmp(t.name, argv[2]) == 0) {
        t.f();
        std::printf("test completed\n");
        return 0;
      }
    }
    std::printf("unknown test\n");
    return 0;
  }
  test_mutex();
  test_mutex_misuse(argv[0]);
  test_mutex_fairness();
}
