// A pipeline: generate -> square -> main, with select and timeouts.
// The consumer waits for each value at most 200 ms (gogo::after); after the
// last value the producer goes quiet, the timeout fires, and a quit channel
// stops the stages.
#include <gogo/gogo.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

void generate(int n, gogo::chan<int> out) {
  for (int i = 1; i <= n; i++) out.send(i);
  // Stay alive without sending: the consumer must notice by timeout.
  gogo::sleep_for(10s);
}

void square(gogo::chan<int> in, gogo::chan<int> out, gogo::chan<bool> quit) {
  for (;;) {
    bool stop = false;
    gogo::select{
        gogo::on_recv(in, [&](std::optional<int> v) {
          if (!v) { stop = true; return; }
          out.send(*v * *v);
        }),
        gogo::on_recv(quit, [&](std::optional<bool>) { stop = true; })};
    if (stop) return;
  }
}

int main() {
  auto numbers = gogo::make_chan<int>();
  auto squares = gogo::make_chan<int>();
  auto quit = gogo::make_chan<bool>();
  go generate(5, numbers);
  go square(numbers, squares, quit);

  for (bool running = true; running;) {
    gogo::select{
        gogo::on_recv(squares, [](std::optional<int> v) {
          std::printf("got %d\n", *v);
        }),
        gogo::on_recv(gogo::after(200ms), [&](auto) {
          std::printf("no value for 200ms: stopping the pipeline\n");
          running = false;
        })};
  }
  quit.close();
}
