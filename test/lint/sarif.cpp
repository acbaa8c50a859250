// --format=sarif: the findings as a SARIF 2.1.0 log on stdout, for code
// scanning (the text stays on stderr). check_sarif.py validates the
// structure those services need and prints each result for FileCheck:
// rule, level, location relative to %SRCROOT% (the directory the tool runs
// in; a space in a path is percent-encoded), notes as related locations,
// fix-its as byte ranges.
//
// RUN: rm -rf %t && mkdir -p "%t/src dir" && cp %s "%t/src dir/race.cpp"
// RUN: cd %t && %gogo-rewrite --lint --format=sarif "src dir/race.cpp" -- -std=c++17 > %t/log.sarif 2> %t/stderr.txt
// RUN: python3 %S/Inputs/check_sarif.py %t/log.sarif %t | FileCheck %s --implicit-check-not=RESULT
// RUN: FileCheck %s --input-file=%t/stderr.txt --check-prefix=TEXT
// TEXT: 2 warnings, 0 errors in 1 file
//
// --werror: error level and exit status 1; the invocation itself succeeded.
// RUN: cd %t && not %gogo-rewrite --lint --werror --format=sarif "src dir/race.cpp" -- -std=c++17 > %t/werror.sarif 2>/dev/null
// RUN: python3 %S/Inputs/check_sarif.py %t/werror.sarif %t | FileCheck %s --check-prefix=WERROR
// WERROR: SUCCESSFUL true
// WERROR: RESULT gogo-loop-capture error src%20dir/race.cpp:
// WERROR: RESULT gogo-dangling-capture error
//
// A clean file: a valid log without results.
// RUN: cd %S/Inputs && %gogo-rewrite --lint --format=sarif clean.cpp -- -std=c++17 > %t/clean.sarif
// RUN: python3 %S/Inputs/check_sarif.py %t/clean.sarif %S/Inputs | FileCheck %s --check-prefix=CLEAN --implicit-check-not=RESULT
// CLEAN: SUCCESSFUL true
//
// A file that does not parse: exit 1, the invocation unsuccessful.
// RUN: echo 'int f( {' > %t/broken.cpp
// RUN: cd %t && not %gogo-rewrite --lint --format=sarif broken.cpp -- -std=c++17 > %t/broken.sarif 2>/dev/null
// RUN: python3 %S/Inputs/check_sarif.py %t/broken.sarif %t | FileCheck %s --check-prefix=BROKEN --implicit-check-not=RESULT
// BROKEN: SUCCESSFUL false
//
// Only with --lint.
// RUN: not %gogo-rewrite --format=sarif %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=USAGE
// USAGE: error: --format=sarif needs --lint
// RUN: not %gogo-rewrite --lint --format=xml %s -- -std=c++17 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: option '--format' takes text or sarif, not 'xml'

// CHECK: SUCCESSFUL true

#include <thread>
#include <vector>

void use(int) {}
void by_cref(const int &) {}

void spawn(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(by_cref, std::cref(i));
  // CHECK: RESULT gogo-loop-capture warning src%20dir/race.cpp:[[@LINE-1]]:35 thread gets a reference to loop variable 'i' through std::cref; every iteration shares it
  // CHECK-NEXT: RELATED src%20dir/race.cpp:[[@LINE-2]]:13 thread started here, inside the loop
  // CHECK-NEXT: RELATED src%20dir/race.cpp:[[@LINE-3]]:35 pass 'i' itself: each thread gets a copy
  // CHECK: FIX src%20dir/race.cpp {{[0-9]+}} 12 'i'
  for (auto &t : threads) t.join();
}

void dangling() {
  int x = 1;
  std::thread([&] { use(x); }).detach();
  // CHECK: RESULT gogo-dangling-capture warning src%20dir/race.cpp:[[@LINE-1]]:25 thread captures local variable 'x' by reference, and nothing waits for it before 'x' goes out of scope
}
