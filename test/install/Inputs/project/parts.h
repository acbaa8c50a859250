#pragma once
#include <gogo/gogo.hpp>
void part_a(gogo::wait_group* wg);
void part_b(gogo::wait_group* wg);
