#include "go-header.hpp"
int main() {
  go work(1);
  spawn_in_header(2);
  spawn_template(3);
}
