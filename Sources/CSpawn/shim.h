#ifndef JIVOCRM_CSPAWN_SHIM_H
#define JIVOCRM_CSPAWN_SHIM_H
// Two glibc functions the Swift Glibc module does not export (it is built without _GNU_SOURCE),
// declared under names of our own bound to glibc's symbols. <spawn.h> and <unistd.h> are
// deliberately not included: that would claim their declarations for this module and hide them
// from Glibc in some compilation batches.

// posix_spawn_file_actions_addclosefrom_np (glibc 2.34): the child closes every descriptor from
// `from` up. `actions` is a posix_spawn_file_actions_t *.
extern int jivocrm_spawn_actions_closefrom(void *actions, int from)
    __asm__("posix_spawn_file_actions_addclosefrom_np");

// pipe2: a pipe whose two ends carry `flags` (O_CLOEXEC) from the start.
extern int jivocrm_pipe2(int descriptors[2], int flags) __asm__("pipe2");

#endif
