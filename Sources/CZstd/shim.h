#ifndef SKETCHBOOK_CZSTD_SHIM_H
#define SKETCHBOOK_CZSTD_SHIM_H
#include <zstd.h>
#endif
