// Does not include gogo: `go` is an ordinary name and stays as it is.
struct runner { void go(int); };
int go(int x) { return x; }
int main() {
  runner r;
  r.go(go(1));
  int (*go_ptr)(int) = go;
  return go_ptr(0);
}
