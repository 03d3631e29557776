#ifndef SKETCHBOOK_CTURBOJPEG_SHIM_H
#define SKETCHBOOK_CTURBOJPEG_SHIM_H
#include <turbojpeg.h>
#endif
