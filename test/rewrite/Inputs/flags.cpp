#include <gogo/gogo.hpp>
void take(int, int, const char*);
void spawn() {
  int unused = 0;
  go take(VALUE, TWO, THREE);
}
