// From Go 1.19's test/chan/perm.go (an errorcheck test): which uses of
// send-only, receive-only and bidirectional channels compile. The valid
// ones must compile; each invalid one must be an error on its own line.
// RUN: %cxx-gcc -fsyntax-only -DVALID_ONLY %s
// RUN: %cxx-clang -fsyntax-only -DVALID_ONLY %s
// RUN: not %cxx-gcc -fsyntax-only %s 2>&1 | FileCheck %s
// RUN: not %cxx-clang -fsyntax-only %s 2>&1 | FileCheck %s
#include <gogo/chan.hpp>
#include <gogo/directional_chan.hpp>
#include <gogo/select.hpp>

gogo::recv_chan<int> cr;
gogo::send_chan<int> cs;
gogo::chan<int> c;

int main() {
  cr = c;  // ok
  cs = c;  // ok
#ifndef VALID_ONLY
  c = cr;  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
  c = cs;  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
  cr = cs;  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
  cs = cr;  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:

  int n = 0;
  n.recv();  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
  n.send(2);  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
#endif

  c.send(0);  // ok
  c.recv();  // ok
  auto [status, x] = c.poll();  // ok
  (void)status, (void)x;

#ifndef VALID_ONLY
  cr.send(0);  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
#endif
  cr.recv();  // ok
  cr.poll();  // ok

  cs.send(0);  // ok
#ifndef VALID_ONLY
  cs.recv();  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
  cs.poll();  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
#endif

  gogo::select{
      gogo::on_send(c, 0),  // ok
      gogo::on_recv(c, [](std::optional<int>) {}),  // ok
      gogo::on_recv(cr, [](std::optional<int>) {}),  // ok
      gogo::on_send(cs, 0),  // ok
  };
#ifndef VALID_ONLY
  gogo::select{gogo::on_send(cr, 0)};  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
  gogo::select{gogo::on_recv(cs, [](std::optional<int>) {})};  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:

  for (int v : cs) (void)v;  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
#endif

  c.close();
  cs.close();
#ifndef VALID_ONLY
  cr.close();  // CHECK: perm.cpp:[[@LINE]]:{{[0-9]+}}: error:
#endif
}
