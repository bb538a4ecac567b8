#include "service/event_feed.h"

#include <deque>
#include <limits>
#include <optional>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/authorization.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "service/register_convert.h"
#include "storage/register_store.h"

namespace sec::service {
namespace {

constexpr int kPage = 500;            // events read from the store at a time
constexpr size_t kQueueCap = 1000;    // events a stream holds before it falls behind
constexpr int64_t kNoLimit = std::numeric_limits<int64_t>::max();

}  // namespace

// A WatchEvents stream. Its state is guarded by the feed's mutex; gRPC never runs a reaction
// inside the call that started an operation, so operations are started with the mutex held.
class EventFeed::Stream final : public grpc::ServerWriteReactor<v1::Event> {
 public:
  Stream(EventFeed* feed, uint64_t id, Principal who, int64_t from, std::string prefix)
      : feed_(feed), id_(id), who_(std::move(who)), prefix_(std::move(prefix)), position_(from) {
    StartSendInitialMetadata();  // the client knows at once that the stream is open
  }

  uint64_t id() const { return id_; }
  const std::string& principal() const { return who_.name; }
  int64_t position() const { return position_; }
  bool full() const { return queue_.size() >= kQueueCap; }
  bool wants_more() const { return !finish_.has_value() && queue_.size() < kQueueCap / 2; }

  // The events of (position, up_to] this principal may read go to the client; the stream has
  // then seen everything up to `up_to`.
  void Offer(const std::vector<storage::StoredEvent>& events, int64_t up_to) {
    for (const storage::StoredEvent& e : events) {
      if (e.sequence <= position_ || e.sequence > up_to) continue;
      if (!absl::StartsWith(e.resource, prefix_)) continue;
      if (!e.party.empty() && !MayReadPartyData(who_, e.party)) continue;
      queue_.push_back(ToProto(e));
    }
    position_ = std::max(position_, up_to);
    Pump();
  }

  void End(const grpc::Status& s) {
    if (!finish_.has_value()) finish_ = s;
    Pump();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(feed_->mu_);
    writing_ = false;
    if (!ok) End(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    if (queue_.empty() && position_ < feed_->head_) feed_->WakeLocked();  // behind: read on
    Pump();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(feed_->mu_);
    End(grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream"));
  }

  void OnDone() override {
    feed_->Close(this);
    delete this;
  }

 private:
  // The next write, or the finish once nothing is being written.
  void Pump() {
    if (finished_ || writing_) return;
    if (finish_.has_value()) {
      finished_ = true;
      Finish(*finish_);
      return;
    }
    if (queue_.empty()) return;
    current_ = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    StartWrite(&current_);
  }

  EventFeed* const feed_;
  const uint64_t id_;
  const Principal who_;
  const std::string prefix_;
  int64_t position_;
  std::deque<v1::Event> queue_;
  v1::Event current_;
  bool writing_ = false;
  std::optional<grpc::Status> finish_;
  bool finished_ = false;
};

EventFeed::EventFeed(storage::Store* store, Options options)
    : store_(store), options_(options), thread_([this] { Run(); }) {}

EventFeed::~EventFeed() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    woken_.notify_one();
  }
  thread_.join();
}

void EventFeed::Notify() {
  std::lock_guard<std::mutex> lock(mu_);
  // A stream wants the write at once. A shared store's read cache has already heard it from
  // the store (read_cache.h), and hears the other replicas' writes at the next poll.
  if (!streams_.empty()) WakeLocked();
}

void EventFeed::WakeLocked() {
  wake_ = true;
  woken_.notify_one();
}

int EventFeed::open_streams() {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(streams_.size());
}

uint64_t EventFeed::streams_opened() {
  std::lock_guard<std::mutex> lock(mu_);
  return next_id_ - 1;
}

absl::StatusOr<grpc::ServerWriteReactor<v1::Event>*> EventFeed::Open(const Principal& who,
                                                                     int64_t from_sequence,
                                                                     std::string prefix) {
  std::lock_guard<std::mutex> lock(mu_);
  if (shutting_down_) {
    return Refused(absl::StatusCode::kUnavailable, "SHUTTING_DOWN",
                   "secd is shutting down; reconnect (to another replica) and resume");
  }
  int& open = per_principal_[who.name];
  if (open >= options_.max_streams_per_principal) {
    return Refused(
        absl::StatusCode::kResourceExhausted, "STREAM_CAP",
        absl::StrCat(who.name, " already has ", open,
                     " WatchEvents streams open, the most one principal may "
                     "(--max_streams_per_principal); close one, or share one stream"),
        {{"cap", absl::StrCat(options_.max_streams_per_principal)},
         {"flag", "--max_streams_per_principal"}});
  }
  ++open;
  auto* s = new Stream(this, next_id_++, who, from_sequence, std::move(prefix));
  streams_[s->id()] = s;
  WakeLocked();  // it may start behind
  return s;
}

void EventFeed::Shutdown() {
  std::lock_guard<std::mutex> lock(mu_);
  shutting_down_ = true;
  for (auto& [id, s] : streams_) {
    s->End(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        absl::StrCat("secd is shutting down; reconnect (to another replica) "
                                     "with from_sequence = the last sequence received")));
  }
}

void EventFeed::Close(Stream* s) {
  std::lock_guard<std::mutex> lock(mu_);
  streams_.erase(s->id());
  if (--per_principal_[s->principal()] == 0) per_principal_.erase(s->principal());
}

void EventFeed::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    woken_.wait_for(lock, absl::ToChronoMilliseconds(options_.poll),
                    [this] { return wake_ || stop_; });
    if (stop_) break;
    wake_ = false;
    lock.unlock();
    const bool more = FollowLive() | CatchUp();
    lock.lock();
    if (more) wake_ = true;
  }
}

bool EventFeed::FollowLive() {
  ReadCache* const cache =
      options_.cache != nullptr && options_.cache->shared() ? options_.cache : nullptr;
  int64_t from;
  bool streams;
  {
    std::lock_guard<std::mutex> lock(mu_);
    streams = !streams_.empty();
    if (!streams && cache == nullptr) {  // nobody to tell: read nothing, find the end later
      head_ = -1;
      return false;
    }
    from = head_;
  }
  std::vector<storage::StoredEvent> events;
  std::vector<storage::CommittedEvent> changed;  // what the cache hears, without a stream
  absl::Status s = store_->Read([&](storage::Tx& tx) -> absl::Status {
    if (from < 0) {  // first read: follow from the end of the history
      absl::StatusOr<int64_t> max = storage::MaxEventSequence(tx);
      if (!max.ok()) return max.status();
      from = *max;
      return absl::OkStatus();
    }
    if (!streams) {
      SEC_ASSIGN_OR_RETURN(changed, storage::ListEventResources(tx, from, kPage));
      return absl::OkStatus();
    }
    SEC_ASSIGN_OR_RETURN(events, storage::ListEventsBetween(tx, from, kNoLimit, kPage));
    return absl::OkStatus();
  });
  if (!s.ok()) {  // the database is away: the next poll tries again
    if (cache != nullptr) cache->Lost();
    return false;
  }
  for (const storage::StoredEvent& e : events) changed.push_back({e.sequence, e.resource});
  const int64_t up_to = changed.empty() ? from : changed.back().sequence;
  if (cache != nullptr) cache->Followed(changed, up_to);
  std::lock_guard<std::mutex> lock(mu_);
  // Streams opened meanwhile, while only resources were read, catch up from the store.
  if (streams) {
    for (auto& [id, stream] : streams_) {
      if (stream->position() >= head_ && head_ >= 0 && !stream->full()) stream->Offer(events, up_to);
    }
  }
  head_ = up_to;
  return static_cast<int>(changed.size()) == kPage;
}

bool EventFeed::CatchUp() {
  std::vector<std::pair<uint64_t, int64_t>> behind;
  int64_t up_to;
  {
    std::lock_guard<std::mutex> lock(mu_);
    up_to = head_;
    for (auto& [id, stream] : streams_) {
      if (stream->position() < up_to && stream->wants_more()) {
        behind.push_back({id, stream->position()});
      }
    }
  }
  bool still_behind = false;
  for (const auto& [id, position] : behind) {
    std::vector<storage::StoredEvent> events;
    absl::Status s = store_->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<storage::StoredEvent>> page =
          storage::ListEventsBetween(tx, position, up_to, kPage);
      if (!page.ok()) return page.status();
      events = *std::move(page);
      return absl::OkStatus();
    });
    if (!s.ok()) return false;
    const bool full_page = static_cast<int>(events.size()) == kPage;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = streams_.find(id);
    if (it == streams_.end() || it->second->position() != position) continue;
    it->second->Offer(events, full_page ? events.back().sequence : up_to);
    still_behind |= full_page;
  }
  return still_behind;
}

}  // namespace sec::service
