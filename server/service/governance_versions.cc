// GovernanceService: designated versions of the SEC.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/lifecycle.h"
#include "domain/names.h"
#include "domain/release.h"
#include "domain/sec_version.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"
#include "storage/register_store.h"

namespace sec::service {

absl::StatusOr<v1::SecVersion> DesignateVersion(Call& call, const v1::DesignateVersionRequest& req) {
  const v1::SecVersion& in = req.version();
  SecVersion v;
  v.number = in.number();
  if (v.number.empty() && !in.name().empty()) {
    SEC_ASSIGN_OR_RETURN(v.number, ParseVersionName(in.name(), "version.name"));
  }
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(v.number, "version.number"));
  SEC_ASSIGN_OR_RETURN(v.effective, RequiredDate(in.effective_date(), "version.effective_date"));
  for (int i = 0; i < in.implements_size(); ++i) {
    SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(in.implements(i),
                                                                 absl::StrCat("version.implements[", i, "]")));
    v.implements.push_back(ref);
  }
  v.sections.assign(in.sections().begin(), in.sections().end());
  v.comment = in.comment();
  v.create_time_us = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::SecVersion> {
    SEC_RETURN_IF_ERROR(DesignateAndImplement(call, tx, v, nullptr));
    return call.Recorded(tx, ToProto(v), "designate", v.effective);
  });
}

absl::Status DesignateAndImplement(const Call& call, storage::Tx& tx, const SecVersion& v,
                                   const Release* release) {
  SEC_RETURN_IF_ERROR(storage::InsertVersion(tx, v));
  SEC_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, storage::LoadWorkingDayCalendar(tx));
  const std::string in_release = release == nullptr ? "" : release->id;
  for (const std::string& ref : v.implements) {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    if (m.release != in_release) {
      return Refused(absl::StatusCode::kFailedPrecondition, "IN_RELEASE",
                     absl::StrCat(ref, " is assigned to ", ReleaseName(m.release),
                                  ": it is implemented with its release (ImplementRelease)"),
                     {{"modification", ref}, {"release", ReleaseName(m.release)}});
    }
    SEC_ASSIGN_OR_RETURN(std::vector<Decision> decisions, storage::ListDecisions(tx, "", ref));
    SEC_RETURN_IF_ERROR(CheckAppealWindow(m, decisions, v.effective, calendar));
    // APPROVED -> IMPLEMENTED, effective the day the version takes effect, so reports before
    // that day still show it approved.
    SEC_RETURN_IF_ERROR(ApplyEvent(call, tx, ref, LifecycleEvent::kImplement, v.effective,
                                   absl::StrCat("implemented by SEC version ", v.number))
                            .status());
  }
  return ConsolidateText(tx, v, call.NowMicros());
}

absl::StatusOr<v1::SecVersion> GetVersion(Call& call, const v1::GetVersionRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string number, ParseVersionName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::SecVersion> {
    SEC_ASSIGN_OR_RETURN(SecVersion v, storage::GetVersion(tx, number));
    return ToProto(v);
  });
}

absl::StatusOr<v1::ListVersionsResponse> ListVersions(Call& call,
                                                      const v1::ListVersionsRequest& req) {
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListVersionsResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<SecVersion> rows, storage::ListVersions(tx));
    v1::ListVersionsResponse out;
    // In effective date order, then by number.
    SEC_RETURN_IF_ERROR(PageRows(
        "versions", req.page_size(), req.page_token(),
        [](const SecVersion& v) {
          return absl::StrCat(FormatDate(v.effective), "|", v.number);
        },
        rows, out.mutable_next_page_token()));
    for (const auto& v : rows) *out.add_versions() = ToProto(v);
    return out;
  });
}

absl::StatusOr<v1::SecVersion> GetVersionInForce(Call& call,
                                                 const v1::GetVersionInForceRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(req.date(), "date"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::SecVersion> {
    SEC_ASSIGN_OR_RETURN(std::optional<SecVersion> v, storage::VersionInForce(tx, day));
    if (!v.has_value()) {
      return absl::NotFoundError(
          absl::StrCat("no SEC version is recorded as in force on ", FormatDate(day)));
    }
    return ToProto(*v);
  });
}

}  // namespace sec::service
