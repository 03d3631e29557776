#ifndef SKETCHBOOK_CLZ4_SHIM_H
#define SKETCHBOOK_CLZ4_SHIM_H
#include <lz4frame.h>
#endif
