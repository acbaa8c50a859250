// Neither it nor its headers use go.
#include <app/node.hpp>
int id_of(const app::node& n) { return n.id; }
