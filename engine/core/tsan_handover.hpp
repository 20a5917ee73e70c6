#pragma once
// ThreadSanitizer annotations for ThreadPool's TBB loops (engine/core/parallel.hpp).
//
// Debian's libtbb is not built with ThreadSanitizer, so TSan does not see TBB hand a task from
// the thread that made it to the thread that runs it, nor the finished tasks back to the thread
// that waits: every read of a loop's captured variables and every result read after the loop
// would be reported as a race. These calls state exactly the happens-before edges that TBB
// provides, and no others:
//   - whoever constructs a task's body (the caller, or a thread splitting a task) releases on
//     that body's address, and whoever copies or runs that body acquires it first;
//   - every finished chunk releases on the loop's join point, which the waiting caller acquires;
//   - TBB hands a finished task's memory to the next task it makes there, so a finished body
//     releases on its own address, which the next body built there acquires.
// Two chunks running on different threads never acquire each other's releases, so a real race
// between two chunks of one loop is still reported. Without ThreadSanitizer they compile to
// nothing.
#if defined(__SANITIZE_THREAD__)
#define MSABM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MSABM_TSAN 1
#endif
#endif

#ifdef MSABM_TSAN
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace msabm::tsan {

/// Publishes this thread's writes so far to whoever acquires `point` later.
inline void release(const void* point) {
#ifdef MSABM_TSAN
  __tsan_release(const_cast<void*>(point));
#else
  (void)point;
#endif
}

/// Makes the writes released on `point` visible to this thread.
inline void acquire(const void* point) {
#ifdef MSABM_TSAN
  __tsan_acquire(const_cast<void*>(point));
#else
  (void)point;
#endif
}

}  // namespace msabm::tsan
