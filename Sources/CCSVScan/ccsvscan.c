// The scanning functions are static inline in include/ccsvscan.h; this file gives the target a
// translation unit.
#include "ccsvscan.h"
