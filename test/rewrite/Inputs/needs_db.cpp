#include <gogo/gogo.hpp>
#ifndef FROM_DB
#error the flags of compile_commands.json were not used
#endif
void work();
int main() { go work; }
