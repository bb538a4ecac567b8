// GovernanceServiceImpl: designated versions of the SEC.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/lifecycle.h"
#include "service/governance_convert.h"
#include "service/governance_service_impl.h"
#include "service/governance_service_internal.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"

namespace sec::service {

// --- SEC versions -------------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::DesignateVersion(grpc::ServerContext* ctx,
                                                     const v1::DesignateVersionRequest* req,
                                                     v1::SecVersion* resp) {
  return HandleRpc(
      env_, ctx, kService, "DesignateVersion", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s = RequireAnyRole(who, {Role::kSecas}, "designating an SEC version"); !s.ok()) {
          return s;
        }
        const v1::SecVersion& in = req->version();
        storage::VersionRow v;
        v.number = in.number();
        if (v.number.empty() && !in.name().empty()) {
          absl::StatusOr<std::string> n = ParseVersionName(in.name(), "version.name");
          if (!n.ok()) return n.status();
          v.number = *n;
        }
        if (v.number.empty() || v.number.size() > 32 ||
            v.number.find_first_not_of("0123456789.") != std::string::npos) {
          return absl::InvalidArgumentError("version.number: required, digits and dots like 5.6");
        }
        absl::StatusOr<Date> eff = RequiredDate(in.effective_date(), "version.effective_date");
        if (!eff.ok()) return eff.status();
        v.effective = *eff;
        for (const std::string& name : in.implements()) {
          absl::StatusOr<std::string> ref = ParseModificationName(name, "version.implements");
          if (!ref.ok()) return ref.status();
          v.implements.push_back(*ref);
        }
        v.sections.assign(in.sections().begin(), in.sections().end());
        v.comment = in.comment();
        if (auto s = CheckText(v.comment, "version.comment"); !s.ok()) return s;
        v.create_time_us = env_.NowMicros();
        return IdempotentWrite(env_, "DesignateVersion", req->request_id(), who, resp,
                               [&](storage::Tx& tx) -> absl::Status {
                                 if (auto s = storage::InsertVersion(tx, v); !s.ok()) return s;
                                 // Each implemented proposal moves APPROVED -> IMPLEMENTED,
                                 // effective the day the version takes effect, so reports before
                                 // that day still show it approved.
                                 for (const std::string& ref : v.implements) {
                                   absl::StatusOr<Moved> moved = ApplyEvent(
                                       env_, tx, who, ref, LifecycleEvent::kImplement, v.effective,
                                       absl::StrCat("implemented by SEC version ", v.number));
                                   if (!moved.ok()) return moved.status();
                                 }
                                 *resp = ToProto(v);
                                 storage::StoredEvent e =
                                     NewEvent(env_, who, resp->name(), "designate",
                                              FormatDate(v.effective), nullptr, resp);
                                 return storage::AppendEvent(tx, e);
                               });
      });
}

grpc::Status GovernanceServiceImpl::GetVersion(grpc::ServerContext* ctx,
                                               const v1::GetVersionRequest* req,
                                               v1::SecVersion* resp) {
  return HandleRpc(env_, ctx, kService, "GetVersion", "", [&](const Principal&) -> absl::Status {
    absl::StatusOr<std::string> number = ParseVersionName(req->name(), "name");
    if (!number.ok()) return number.status();
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<storage::VersionRow> v = storage::GetVersion(tx, *number);
      if (!v.ok()) return v.status();
      *resp = ToProto(*v);
      return absl::OkStatus();
    });
  });
}

grpc::Status GovernanceServiceImpl::ListVersions(grpc::ServerContext* ctx,
                                                 const v1::ListVersionsRequest* req,
                                                 v1::ListVersionsResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListVersions", "", [&](const Principal&) {
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<storage::VersionRow>> rows = storage::ListVersions(tx);
      if (!rows.ok()) return rows.status();
      // In effective date order, then by number.
      if (auto s = PageRows(
              "versions", req->page_size(), req->page_token(),
              [](const storage::VersionRow& v) {
                return absl::StrCat(FormatDate(v.effective), "|", v.number);
              },
              *rows, resp->mutable_next_page_token());
          !s.ok()) {
        return s;
      }
      for (const auto& v : *rows) *resp->add_versions() = ToProto(v);
      return absl::OkStatus();
    });
  });
}

grpc::Status GovernanceServiceImpl::GetVersionInForce(grpc::ServerContext* ctx,
                                                      const v1::GetVersionInForceRequest* req,
                                                      v1::SecVersion* resp) {
  return HandleRpc(
      env_, ctx, kService, "GetVersionInForce", "", [&](const Principal&) -> absl::Status {
        absl::StatusOr<Date> day = DateOrToday(env_, req->date(), "date");
        if (!day.ok()) return day.status();
        return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
          absl::StatusOr<std::optional<storage::VersionRow>> v = storage::VersionInForce(tx, *day);
          if (!v.ok()) return v.status();
          if (!v->has_value()) {
            return absl::NotFoundError(
                absl::StrCat("no SEC version is recorded as in force on ", FormatDate(*day)));
          }
          *resp = ToProto(**v);
          return absl::OkStatus();
        });
      });
}

}  // namespace sec::service
