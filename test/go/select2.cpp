// From Go 1.19's test/chan/select2.go: selects do not consume memory. Go
// reads its heap statistics; here every operator new in the program is
// counted, and a second round of 100,000 selects must allocate next to
// nothing.
// RUN: %gogo-rewrite %s -- > %t.cpp
// RUN: %cxx-gcc -I%S %t.cpp -o %t.gcc %gogo-link && %t.gcc
// RUN: %cxx-clang -I%S %t.cpp -o %t.clang %gogo-link && %t.clang
#include "Inputs/go_test.hpp"

#include <gogo/gogo.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

std::atomic<long> allocations{0};

void* operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

void sender(gogo::chan<int> c, int n) {
  for (int i = 0; i < n; i++) c.send(1);
}

void receiver(gogo::chan<int> c, gogo::chan<int> dummy, int n) {
  for (int i = 0; i < n; i++) {
    gogo::select{gogo::on_recv(c, [](auto) {}), gogo::on_recv(dummy, [](auto) { panic("dummy"); })};
  }
}

int main() {
  auto c = gogo::make_chan<int>();
  auto dummy = gogo::make_chan<int>();
  // Warm up.
  go sender(c, 100000);
  receiver(c, dummy, 100000);
  long before = allocations.load();
  // The second time must not allocate per select.
  go sender(c, 100000);
  receiver(c, dummy, 100000);
  long allocated = allocations.load() - before;
  check(allocated < 100, "too many allocations for 100,000 selects: " + std::to_string(allocated));
}
