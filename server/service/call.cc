#include "service/call.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <grpcpp/impl/codegen/proto_utils.h>

#include <algorithm>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/authorization.h"
#include "domain/errors.h"
#include "service/auth.h"
#include "service/call_interceptor.h"
#include "service/event_feed.h"
#include "service/input_bounds.h"
#include "service/proto_json.h"
#include "domain/names.h"
#include "service/read_cache.h"
#include "service/status_mapping.h"

namespace sec::service {
namespace {

// The unary call this thread is serving (for the work deadline and the read cache's bytes).
thread_local const Call* t_call = nullptr;
thread_local absl::Time t_work_deadline = absl::InfiniteFuture();

absl::Status DeadlineExceeded() {
  return absl::DeadlineExceededError(
      "the call ran past its deadline (or the server's deadline cap); nothing more was done");
}

// The string at a dotted field path of `m` ("instrument.party"); "" when unset.
std::string StringAt(const google::protobuf::Message& m, absl::string_view path) {
  const google::protobuf::Message* at = &m;
  std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const google::protobuf::FieldDescriptor* f =
        at->GetDescriptor()->FindFieldByName(std::string(parts[i]));
    if (f == nullptr) return "";
    if (i + 1 == parts.size()) return at->GetReflection()->GetString(*at, f);
    at = &at->GetReflection()->GetMessage(*at, f);
  }
  return "";
}

// The request's bytes in a canonical order: the same request always gives the same digest.
std::string Fingerprint(const google::protobuf::Message& m) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes);
}

// The client's `sec-min-sequence`, 0 when it sends none.
absl::StatusOr<int64_t> MinSequence(const grpc::ServerContextBase& ctx) {
  const auto& md = ctx.client_metadata();
  auto it = md.find(kMinSequenceHeader);
  if (it == md.end()) return 0;
  int64_t v;
  if (!absl::SimpleAtoi(absl::string_view(it->second.data(), it->second.size()), &v) || v < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "metadata ", kMinSequenceHeader, ": must be a sequence number, the ", kSequenceHeader,
        " trailing metadata of a write's response"));
  }
  return v;
}

}  // namespace

absl::Time RpcWorkDeadline() { return t_work_deadline; }

absl::Status CheckRpcWorkDeadline() {
  if (absl::Now() < t_work_deadline) return absl::OkStatus();
  return DeadlineExceeded();
}

Call::Call(const ServiceEnv& env, const Rpc& rpc, grpc::ServerContextBase* ctx,
           const google::protobuf::Message& request)
    : env_(env), rpc_(rpc), ctx_(ctx), request_(request), start_(absl::Now()) {
  // A stream lasts as long as its client wants it; every other call is bounded.
  if (rpc_.decl.access != Access::kStream) {
    work_deadline_ = std::min(absl::FromChrono(ctx->deadline()), start_ + env_.max_deadline);
    outer_ = t_call;
    t_call = this;
    t_work_deadline = work_deadline_;
  }
  if (rpc_.request_id != nullptr) {
    request_id_ = request.GetReflection()->GetString(request, rpc_.request_id);
  }
}

Call::~Call() {
  if (rpc_.decl.access != Access::kStream) {
    t_call = outer_;
    t_work_deadline = outer_ ? outer_->work_deadline_ : absl::InfiniteFuture();
  }
}

absl::Status Call::Admit() {
  SEC_ASSIGN_OR_RETURN(who_, env_.principals->Authenticate(*ctx_));
  authenticated_ = true;
  SEC_RETURN_IF_ERROR(RequireRole(who_, rpc_.decl.roles, rpc_.name()));
  SEC_RETURN_IF_ERROR(ValidateRequest(request_));
  if (rpc_.decl.party_field != nullptr) {
    const std::string field = rpc_.decl.party_field;
    const std::string name = StringAt(request_, field);
    std::string id;
    if (!name.empty()) {
      SEC_ASSIGN_OR_RETURN(id, ParsePartyName(name, field));
    }
    SEC_ASSIGN_OR_RETURN(party_, ActingParty(who_, rpc_.decl.roles, id, field));
  }
  if (absl::Now() >= work_deadline_) return DeadlineExceeded();
  return absl::OkStatus();
}

grpc::Status Call::Finish(const absl::Status& s) {
  const grpc::Status g = ToGrpc(s);
  if (s.ok() && rpc_.decl.access == Access::kWrite) {
    ctx_->AddTrailingMetadata(kSequenceHeader, absl::StrCat(env_.store->CommittedSequence()));
  }
  // The call's line and its count come from the call interceptor, which also sees a stream's
  // end and the calls that never reach a handler; it only needs who called.
  NoteCaller(ctx_, authenticated_ ? who_.name : "", request_id_);
  return g;
}

absl::StatusOr<Date> Call::DateOfAct(const std::string& given, absl::string_view field) const {
  return sec::DateOfAct(who_, given, Today(), field);
}

absl::StatusOr<Date> Call::DateOrToday(const std::string& given, absl::string_view field) const {
  return DateOr(given, Today(), field);
}

absl::Status Call::WriteMessage(google::protobuf::Message* response,
                                absl::FunctionRef<absl::Status(storage::Tx&)> body) {
  const std::string fingerprint = request_id_.empty() ? "" : Fingerprint(request_);
  const std::string method(rpc_.decl.method + 1);
  // Read here: with group commit the body may run on another call's thread.
  const absl::Time deadline = work_deadline_;
  bool wrote = false;
  absl::Status s = env_.store->Write(
      [&](storage::Tx& tx) -> absl::Status {
        wrote = false;
        // Also stops the store's retries after a conflict once the call's time is up.
        if (absl::Now() >= deadline) return DeadlineExceeded();
        if (!request_id_.empty()) {
          SEC_ASSIGN_OR_RETURN(std::optional<storage::StoredRequest> seen,
                               storage::GetRequest(tx, request_id_));
          if (seen.has_value()) {
            // AIP-155: a retry is the same request; anything else under the id is a mistake.
            // (Responses stored before fingerprints were kept carry none.)
            if (seen->method != method || seen->principal != who_.name ||
                (!seen->fingerprint.empty() && seen->fingerprint != fingerprint)) {
              return InvalidField(
                  "request_id",
                  absl::StrCat(request_id_, " was already used for a different request (",
                               seen->method, " by ", seen->principal,
                               "); a retry must repeat its request exactly, and a new request "
                               "needs a new request_id"));
            }
            if (!response->ParseFromString(seen->response)) {
              return absl::DataLossError("the stored response for request_id is corrupt");
            }
            return absl::OkStatus();
          }
        }
        response->Clear();
        SEC_RETURN_IF_ERROR(body(tx));
        wrote = true;
        if (request_id_.empty()) return absl::OkStatus();
        return storage::PutRequest(
            tx, request_id_,
            storage::StoredRequest{method, who_.name, response->SerializeAsString(), fingerprint},
            NowMicros());
      },
      request_id_);
  if (s.ok() && wrote && env_.feed != nullptr) env_.feed->Notify();
  return s;
}

absl::Status Call::CachedMessage(ReadCache::Kind kind, std::string key,
                                 google::protobuf::Message* response,
                                 absl::FunctionRef<absl::Status()> read) {
  if (env_.read_cache == nullptr) return read();
  SEC_ASSIGN_OR_RETURN(int64_t min_sequence, MinSequence(*ctx_));
  SEC_ASSIGN_OR_RETURN(
      std::optional<grpc::ByteBuffer> hit,
      env_.read_cache->Read(kind, std::move(key), min_sequence, response, read));
  if (!hit.has_value()) return absl::OkStatus();  // `read` filled `response`
  SendSerializedResponse(ctx_, *std::move(hit));  // the cache's copy, handed over
  return absl::OkStatus();
}

storage::StoredEvent Call::Event(std::string resource, std::string kind, Date effective,
                                 const google::protobuf::Message* before,
                                 const google::protobuf::Message* after, std::string note) const {
  return NewEvent(who_, NowMicros(), std::move(resource), std::move(kind), effective, before,
                  after, std::move(note));
}

storage::StoredEvent NewEvent(const Principal& who, int64_t now_us, std::string resource,
                              std::string kind, Date effective,
                              const google::protobuf::Message* before,
                              const google::protobuf::Message* after, std::string note) {
  storage::StoredEvent e;
  e.party = ConfidentialParty(resource);
  e.resource = std::move(resource);
  e.kind = std::move(kind);
  e.effective_date = FormatDate(effective);
  e.record_time_us = now_us;
  e.principal = who.name;
  if (before) AppendProtoJson(*before, &e.before_json);
  if (after) AppendProtoJson(*after, &e.after_json);
  e.note = std::move(note);
  return e;
}

}  // namespace sec::service
