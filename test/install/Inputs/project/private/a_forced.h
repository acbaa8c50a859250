#pragma once
#define A_PREFIX "hello from "
