#ifndef SEC_SERVICE_EVENT_FEED_H_
#define SEC_SERVICE_EVENT_FEED_H_

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/principal.h"
#include "sec/v1/register.pb.h"
#include "service/read_cache.h"
#include "storage/store.h"

namespace sec::service {

// One per process: learns of every committed event, this replica's and the others', and fans
// them out to every open WatchEvents stream and to a shared store's read cache. One thread
// reads the history, while a stream is open or a cache listens: at once when a write of this
// process commits and a stream is open (Notify), else every `poll` (other replicas' writes). Streams
// run on gRPC's callback API, so an idle one holds no thread and costs nothing between events.
//
// A stream receives exactly what its principal may read (the same rule as the unary reads: a
// party's credit data goes to that party, the DCC and SECAS), in sequence order, from the
// sequence it asked for. A stream that falls behind (its client reads slowly, or it asked for
// old events) catches up from the store, a page at a time, and then follows the live feed.
class EventFeed {
 public:
  struct Options {
    absl::Duration poll = absl::Milliseconds(50);
    int max_streams_per_principal = 16;
    // A read cache on a store other processes write (read_cache.h): the feed then reads the
    // history every `poll` whether or not a stream is open, and tells the cache every event.
    ReadCache* cache = nullptr;
  };
  EventFeed(storage::Store* store, Options options);
  ~EventFeed();
  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;

  // A write of this process committed: read the history now, if a stream is open.
  void Notify();
  // A stream for `who` of events after `from_sequence` whose resource starts with `prefix`;
  // RESOURCE_EXHAUSTED when `who` already has the most streams it may, UNAVAILABLE while
  // shutting down.
  absl::StatusOr<grpc::ServerWriteReactor<v1::Event>*> Open(const Principal& who,
                                                            int64_t from_sequence,
                                                            std::string prefix);
  // Every open stream ends with UNAVAILABLE (a client reconnects, to another replica, from the
  // last sequence it received); new ones are refused.
  void Shutdown();
  int open_streams();
  // Streams admitted since the start (never decreases).
  uint64_t streams_opened();

 private:
  class Stream;
  void Run();
  // Reads the events after the head and delivers them to the streams that are caught up.
  bool FollowLive();
  // One page from the store for each stream that is behind; true when one still is.
  bool CatchUp();
  void Close(Stream* s);
  void WakeLocked();  // mu_ held

  storage::Store* const store_;
  const Options options_;
  // std::mutex, not absl::Mutex: ThreadSanitizer sees it (Debian's Abseil is uninstrumented).
  // It guards everything below and every stream's state.
  std::mutex mu_;
  std::condition_variable woken_;
  // Every open stream, by id (ids are never reused).
  absl::flat_hash_map<uint64_t, Stream*> streams_;
  absl::flat_hash_map<std::string, int> per_principal_;
  uint64_t next_id_ = 1;
  int64_t head_ = -1;  // the last sequence read; -1: not read yet
  bool wake_ = false;
  bool shutting_down_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_EVENT_FEED_H_
