#ifndef SKETCHBOOK_CZLIB_SHIM_H
#define SKETCHBOOK_CZLIB_SHIM_H
#include <zlib.h>
#endif
