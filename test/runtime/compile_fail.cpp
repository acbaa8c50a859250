// Misuse that must not compile. Each case is one -DCASE_...; CMake compiles
// each with g++ and clang++ and expects an error matching its pattern
// (test/runtime/CMakeLists.txt).
#include <gogo/chan.hpp>
#include <gogo/directional_chan.hpp>
#include <gogo/select.hpp>

#include <optional>

void misuse(gogo::chan<int> ch, gogo::send_chan<int> out, gogo::recv_chan<int> in) {
  (void)ch, (void)out, (void)in;
#if defined(CASE_SEND_ON_RECV_CHAN)
  in.send(1);
#elif defined(CASE_CLOSE_RECV_CHAN)
  in.close();
#elif defined(CASE_RECV_ON_SEND_CHAN)
  out.recv();
#elif defined(CASE_RECV_CHAN_TO_CHAN)
  gogo::chan<int> back = in;
#elif defined(CASE_SEND_CHAN_TO_RECV_CHAN)
  gogo::recv_chan<int> other = out;
#elif defined(CASE_ON_RECV_OF_SEND_CHAN)
  gogo::select{gogo::on_recv(out, [](std::optional<int>) {})};
#elif defined(CASE_ON_SEND_OF_RECV_CHAN)
  gogo::select{gogo::on_send(in, 1)};
#elif defined(CASE_SELECT_WITH_PARENTHESES)
  gogo::select(gogo::on_send(ch, 1), gogo::on_recv(in, [](std::optional<int>) {}));
#elif defined(CASE_SELECT_ONE_CASE_WITH_PARENTHESES)
  gogo::select(gogo::on_recv(in, [](std::optional<int>) {}));
#endif
}
