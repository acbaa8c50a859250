// No go statement here; "go" only in comments and strings.
#include <cstdio>
int main() { std::puts("let's go"); }
