// ctxpipeline N for gogo: a generator and 4 stages connected by unbuffered
// channels, every send and receive in a select beside ctx.done(); a
// consumer goroutine takes N items and cancels the context, which stops
// the other five; main waits for all six. ops = items through the pipeline.
#include "report.hpp"
#include "start_workers.hpp"

#include <gogo/gogo.hpp>

#include <variant>

// Forwards in to out, adding one, until ctx ends.
void stage(gogo::context ctx, gogo::recv_chan<long> in, gogo::send_chan<long> out,
           gogo::wait_group* wg) {
  auto done = ctx.done();
  for (bool running = true; running;) {
    long v = 0;
    gogo::select{gogo::on_recv(in, [&](std::optional<long> x) { v = *x; }),
                 gogo::on_recv(done, [&](auto) { running = false; })};
    if (!running) break;
    gogo::select{gogo::on_send(out, v + 1), gogo::on_recv(done, [&](auto) { running = false; })};
  }
  wg->done();
}

void generate(gogo::context ctx, gogo::send_chan<long> out, gogo::wait_group* wg) {
  auto done = ctx.done();
  for (long i = 0;; i++) {
    bool running = true;
    gogo::select{gogo::on_send(out, i), gogo::on_recv(done, [&](auto) { running = false; })};
    if (!running) break;
  }
  wg->done();
}

int main(int argc, char** argv) {
  constexpr int stages = 4;
  long n = bench::size_arg(argc, argv, 1000000);
  bench::start_workers();

  bench::run r("ctxpipeline", "gogo", n, bench::workers_from_env("GOGO_MAXPROCS"));
  auto [ctx, cancel] = gogo::with_cancel(gogo::background());
  gogo::wait_group wg;
  wg.add(stages + 2);
  auto head = gogo::make_chan<long>();
  go generate(ctx, head, &wg);
  gogo::chan<long> in = head;
  for (int s = 0; s < stages; s++) {
    auto out = gogo::make_chan<long>();
    go stage(ctx, in, out, &wg);
    in = out;
  }
  long sum = 0;
  go [&, cancel = cancel, in] {
    for (long i = 0; i < n; i++) sum += *in.recv();
    cancel();
    wg.done();
  };
  wg.wait();
  r.finish(n);
  if (sum != (n - 1) * n / 2 + stages * n) bench::fail("ctxpipeline: wrong sum");
}
