// The header is found through -iquote, searched before any -I.
#include "app/graph.hpp"
void run(const app::node& n, gogo::chan<int> c) { app::visit_one(n, c); }
