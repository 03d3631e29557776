#ifndef CCURRENTCPU_H
#define CCURRENTCPU_H

/// The CPU the calling thread runs on (Linux `sched_getcpu`, a vDSO call), or -1 where the
/// platform does not say. Used to pick a per-core accumulator shard; any answer is correct, a
/// stale one only costs contention.
int sketchbook_current_cpu(void);

#endif
