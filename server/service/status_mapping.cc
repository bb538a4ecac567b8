#include "service/status_mapping.h"

#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace sec::service {
namespace {

// absl and gRPC share the canonical code numbers (google.rpc.Code).
grpc::StatusCode CodeOf(absl::StatusCode c) {
  const int n = static_cast<int>(c);
  return n >= 0 && n <= 16 ? static_cast<grpc::StatusCode>(n) : grpc::StatusCode::UNKNOWN;
}

// The field an INVALID_ARGUMENT names: its payload, or else the "field: why" prefix of its
// message when that prefix is a field path ("sections[2]", "modification.title").
std::optional<std::string> FieldNamed(const absl::Status& s) {
  if (std::optional<std::string> f = FieldOf(s)) return f;
  const absl::string_view m = s.message();
  const size_t colon = m.find(": ");
  if (colon == absl::string_view::npos || colon == 0) return std::nullopt;
  for (char c : m.substr(0, colon)) {
    if (!(absl::ascii_islower(static_cast<unsigned char>(c)) ||
          absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
          c == '[' || c == ']')) {
      return std::nullopt;
    }
  }
  return std::string(m.substr(0, colon));
}

}  // namespace

grpc::Status ToGrpc(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  google::rpc::Status details;
  details.set_code(static_cast<int>(s.code()));
  details.set_message(std::string(s.message()));
  if (s.code() == absl::StatusCode::kInvalidArgument) {
    google::rpc::BadRequest bad;
    google::rpc::BadRequest::FieldViolation* v = bad.add_field_violations();
    if (std::optional<std::string> field = FieldNamed(s)) v->set_field(*field);
    v->set_description(std::string(s.message()));
    details.add_details()->PackFrom(bad);
  }
  if (s.code() != absl::StatusCode::kInvalidArgument || ReasonOf(s).has_value()) {
    google::rpc::ErrorInfo info;
    info.set_domain("sec.v1");
    if (std::optional<ErrorReason> r = ReasonOf(s)) {
      info.set_reason(r->reason);
      for (const auto& [key, value] : r->metadata) (*info.mutable_metadata())[key] = value;
    } else {
      info.set_reason(absl::StatusCodeToString(s.code()));
    }
    details.add_details()->PackFrom(info);
  }
  return grpc::Status(CodeOf(s.code()), std::string(s.message()), details.SerializeAsString());
}

}  // namespace sec::service
