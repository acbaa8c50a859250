// Local suppression: `// NOLINT`, `// NOLINT(check, ...)` on the line of the
// diagnostic or of its go statement, `// NOLINTNEXTLINE(...)` on the line
// before. A NOLINT naming another check does not silence this one.
//
// RUN: %check_gogo %s -- -std=c++17

#include <gogo/gogo.hpp>

void use(int) {}

void suppressed(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    go [&] { use(i); }; // NOLINT(gogo-loop-capture)
    go [&] { use(i); }; // NOLINT
    go [&] { use(i); }; // NOLINT(gogo-*)
    go [&] { use(i); }; // NOLINT(bugprone-foo, gogo-loop-capture)
    // NOLINTNEXTLINE(gogo-loop-capture)
    go [&] { use(i); };
    // The comment on the go statement's line covers a use further down.
    go [&] { // NOLINT(gogo-loop-capture)
      use(i);
    };
    go [&] {
      use(i); // NOLINT(gogo-loop-capture)
    };
  }
  wg.wait();
}

void not_suppressed(gogo::wait_group &wg) {
  for (int i = 0; i < 3; ++i) {
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); }; // NOLINT(gogo-dangling-capture)
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); }; // NOLINTNEXTLINE(gogo-loop-capture)
    // NOLINT(gogo-loop-capture) on a line of its own covers only that line.
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); };
    // CHECK: :[[@LINE+1]]:18: warning: goroutine captures loop variable 'i' by reference; every iteration shares it [gogo-loop-capture]
    go [&] { use(i); }; // NOLINTgogo-loop-capture
  }
  wg.wait();
}

void other_checks() {
  int x = 0;
  go [&] { use(x); }; // NOLINT(gogo-dangling-capture)
  // NOLINTNEXTLINE(gogo-dangling-capture)
  go [&x] { use(x); };
}
