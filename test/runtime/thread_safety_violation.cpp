// Must NOT compile under clang -Wthread-safety -Werror: unlocked_write
// writes data guarded by a spin_lock without holding it (locked_write is
// fine). Shows that runtime/src/thread_safety.hpp's annotations are live,
// so the clean compile of the annotated runtime sources means something.
// Line numbers matter: test/runtime/CMakeLists.txt checks them.
#include "spin_lock.hpp"
#include "thread_safety.hpp"

namespace {

struct guarded {
  gogo::detail::spin_lock lock;
  int value GOGO_GUARDED_BY(lock) = 0;
};

void locked_write(guarded& g) {
  gogo::detail::spin_lock_guard hold(g.lock);
  g.value = 1;
}

void unlocked_write(guarded& g) { g.value = 2; }

}  // namespace

int main() {
  guarded g;
  locked_write(g);
  unlocked_write(g);
}
