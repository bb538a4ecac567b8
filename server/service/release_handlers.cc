// ReleaseService: releases, the proposals assigned to them, and implementing them.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/dcc_assessment.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/forecast.h"
#include "domain/lifecycle.h"
#include "domain/names.h"
#include "domain/release.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"
#include "storage/register_store.h"
#include "storage/release_store.h"

namespace sec::service {
namespace {

v1::Release ToProto(const Release& r, Date today) {
  v1::Release out;
  out.set_name(ReleaseName(r.id));
  out.set_kind(ReleaseKindEnum().ToProto(r.kind));
  out.set_target_date(FormatDate(r.target));
  out.set_cutoff_working_days(r.cutoff_working_days);
  out.set_cutoff_date(FormatDate(r.cutoff));
  out.set_status(ReleaseStatusEnum().ToProto(ReleaseStatusOn(r, today)));
  if (!r.version.empty()) out.set_version(VersionName(r.version));
  for (const std::string& ref : r.modifications) out.add_modifications(ModificationName(ref));
  out.set_title(r.title);
  out.set_comment(r.comment);
  out.set_etag(FormatEtag(r.version_counter));
  SetTimestamp(r.create_time_us, out.mutable_create_time());
  SetTimestamp(r.update_time_us, out.mutable_update_time());
  return out;
}

// A version-checked write of a release that changed, and its history event.
absl::StatusOr<v1::Release> SaveRelease(Call& call, storage::Tx& tx, Release& r,
                                        const v1::Release& before, const char* kind, Date day) {
  const int64_t expected = r.version_counter;
  r.version_counter += 1;
  r.update_time_us = call.NowMicros();
  SEC_RETURN_IF_ERROR(storage::UpdateRelease(tx, r, expected));
  return call.Recorded(tx, ToProto(r, call.Today()), kind, day, &before);
}

// Moves proposal `ref` into release `to` on `day`: from no release (`moving` false: it must be
// in none) or from the one it is in (`moving` true: it must be in one). The scope rule
// (domain CheckScopeChange) decides whether the Authority's decision is needed.
absl::StatusOr<v1::Release> Rescope(Call& call, const std::string& ref, const std::string& to,
                                    Date day, const std::string& authority, bool moving) {
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Release> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    if (moving == m.release.empty() || m.release == to) {
      const std::string where =
          m.release.empty() ? "in no release" : "in " + ReleaseName(m.release);
      return Refused(absl::StatusCode::kFailedPrecondition, "RELEASE_ASSIGNMENT",
                     absl::StrCat(ref, " is ", where, ": ",
                                  moving ? "MoveModification moves a proposal between two releases"
                                         : "AssignModification takes a proposal in no release "
                                           "(MoveModification moves it)"),
                     {{"modification", ref}, {"release", m.release}});
    }
    SEC_RETURN_IF_ERROR(CheckAssignable(m));
    SEC_RETURN_IF_ERROR(
        Prefixed(CheckTimeline(StateOf(m), day, "a release assignment"), absl::StrCat(ref, ": ")));
    SEC_ASSIGN_OR_RETURN(Release joining, storage::GetRelease(tx, to));
    std::optional<Release> leaving;
    if (moving) {
      SEC_ASSIGN_OR_RETURN(leaving, storage::GetRelease(tx, m.release));
    }
    SEC_RETURN_IF_ERROR(CheckScopeChange(leaving ? &*leaving : nullptr, &joining, day, authority));
    std::string note =
        leaving ? absl::StrCat("moved from ", ReleaseName(leaving->id), " to ", ReleaseName(to))
                : absl::StrCat("assigned to ", ReleaseName(to));
    if (!authority.empty()) absl::StrAppend(&note, " (Authority decision: ", authority, ")");
    SEC_RETURN_IF_ERROR(ChangeProposal(call, tx, ref, day,
                                       moving ? "release_move" : "release_assign", note,
                                       [&](Modification& p) { p.release = to; })
                            .status());
    if (leaving) {
      SEC_RETURN_IF_ERROR(
          storage::InsertReleaseMove(tx, ReleaseMove{ref, leaving->id, to, day, authority}));
      const v1::Release before = ToProto(*leaving, call.Today());
      auto& refs = leaving->modifications;
      refs.erase(std::remove(refs.begin(), refs.end(), ref), refs.end());
      SEC_RETURN_IF_ERROR(SaveRelease(call, tx, *leaving, before, "release_out", day).status());
    }
    const v1::Release before = ToProto(joining, call.Today());
    joining.modifications.push_back(ref);
    return SaveRelease(call, tx, joining, before, "release_in", day);
  });
}

// Every proposal `term` matches, read a page of a thousand at a time.
absl::StatusOr<std::vector<Modification>> AllMatching(storage::Tx& tx, const FilterTerm& term) {
  storage::ModificationQuery q;
  q.filter = {term};
  q.limit = 1000;
  std::vector<Modification> out;
  while (true) {
    SEC_ASSIGN_OR_RETURN(storage::ModificationPage page, storage::ListModifications(tx, q));
    q.known_total = page.total;
    const bool last = static_cast<int>(page.rows.size()) < q.limit;
    for (Modification& m : page.rows) out.push_back(std::move(m));
    if (last || out.empty()) return out;
    q.after_key = {out.back().reference};
  }
}

// What the forecast needs of the store: the proposals not yet implemented, each with its stage
// plans and the DCC assessments holding it up (their ids and due dates), and the releases.
struct ForecastData {
  std::vector<Modification> proposals;  // open, then approved
  absl::flat_hash_map<std::string, std::vector<StagePlan>> plans;
  absl::flat_hash_map<std::string, std::vector<NumberedAssessment>> holding;
  std::vector<Release> releases;
  WorkingDayCalendar calendar;
};

absl::StatusOr<ForecastData> LoadForecastData(storage::Tx& tx) {
  ForecastData d;
  using K = FilterKind;
  using O = FilterOp;
  SEC_ASSIGN_OR_RETURN(d.proposals, AllMatching(tx, {"open", K::kBool, O::kEq, "true"}));
  SEC_ASSIGN_OR_RETURN(std::vector<Modification> approved,
                       AllMatching(tx, {"status", K::kEnum, O::kEq, "APPROVED"}));
  for (Modification& m : approved) d.proposals.push_back(std::move(m));
  SEC_ASSIGN_OR_RETURN(StatusReportInput history, storage::LoadStatusReportInput(tx));
  SEC_ASSIGN_OR_RETURN(std::vector<Decision> decisions, storage::ListDecisions(tx, "", ""));
  absl::flat_hash_map<std::string, std::vector<Decision>> decided;
  for (Decision& dec : decisions) decided[dec.modification].push_back(std::move(dec));
  for (const ReportProposal& p : history.proposals) {
    d.plans[p.reference] = PlanStages(p.date_raised, p.history, decided[p.reference]);
  }
  SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredDccAssessment> assessments,
                       storage::ListAssessments(tx, ""));
  absl::flat_hash_map<std::string, std::vector<NumberedAssessment>> requested;
  for (const auto& a : assessments) {
    requested[a.assessment.modification].push_back({a.id, a.assessment});
  }
  for (const Modification& m : d.proposals) {
    auto it = requested.find(m.reference);
    if (it == requested.end()) continue;
    SEC_ASSIGN_OR_RETURN(std::vector<AssessmentWaiver> waivers,
                         storage::ListWaivers(tx, m.reference));
    d.holding[m.reference] = OutstandingAssessments(it->second, waivers);
  }
  SEC_ASSIGN_OR_RETURN(d.releases, storage::ListReleases(tx));
  SEC_ASSIGN_OR_RETURN(d.calendar, storage::LoadWorkingDayCalendar(tx));
  return d;
}

// One proposal's forecast input, with assessment `late_id` (0: none) supposed `late_by`
// working days late.
ForecastProposal ForecastInput(const ForecastData& d, const Modification& m, int64_t late_id,
                               int late_by) {
  ForecastProposal p;
  p.reference = m.reference;
  p.status = m.status;
  p.path = m.path;
  p.release = m.release;
  if (auto it = d.plans.find(m.reference); it != d.plans.end()) p.plans = it->second;
  if (auto it = d.holding.find(m.reference); it != d.holding.end()) {
    for (const NumberedAssessment& a : it->second) {
      p.assessments_due.push_back(a.id == late_id
                                      ? d.calendar.AddWorkingDays(a.assessment.due_on, late_by)
                                      : a.assessment.due_on);
    }
  }
  return p;
}

}  // namespace

absl::StatusOr<v1::ForecastReleasesResponse> ForecastReleases(
    Call& call, const v1::ForecastReleasesRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date as_of, call.DateOrToday(req.as_of(), "as_of"));
  int64_t late_id = 0;
  if (!req.late_assessment().empty()) {
    SEC_ASSIGN_OR_RETURN(late_id, ParseAssessmentName(req.late_assessment(), "late_assessment"));
  }
  SEC_ASSIGN_OR_RETURN(ForecastData data,
                       call.Read([&](storage::Tx& tx) { return LoadForecastData(tx); }));
  std::sort(data.proposals.begin(), data.proposals.end(),
            [](const Modification& a, const Modification& b) { return a.reference < b.reference; });
  v1::ForecastReleasesResponse out;
  out.set_as_of(FormatDate(as_of));
  for (const Modification& m : data.proposals) {
    const Landing base =
        ForecastLanding(ForecastInput(data, m, 0, 0), data.releases, as_of, data.calendar);
    v1::ReleaseForecast* f = out.add_forecasts();
    f->set_modification(ModificationName(m.reference));
    f->set_status(ToProto(m.status));
    if (base.approval) f->set_approval_date(FormatDate(*base.approval));
    if (base.implementable) f->set_implementable_date(FormatDate(*base.implementable));
    if (!base.release.empty()) f->set_release(ReleaseName(base.release));
    f->set_note(base.note);
    if (late_id == 0) continue;
    const Landing late =
        ForecastLanding(ForecastInput(data, m, late_id, req.late_by_working_days()), data.releases,
                        as_of, data.calendar);
    if (late.approval) f->set_scenario_approval_date(FormatDate(*late.approval));
    if (!late.release.empty()) f->set_scenario_release(ReleaseName(late.release));
    f->set_slips(late.release != base.release);
  }
  return out;
}

absl::StatusOr<v1::Release> CreateRelease(Call& call, const v1::CreateReleaseRequest& req) {
  const v1::Release& in = req.release();
  SEC_ASSIGN_OR_RETURN(ReleaseKind kind, ReleaseKindEnum().FromProto(in.kind(), "release.kind"));
  SEC_ASSIGN_OR_RETURN(Date target, RequiredDate(in.target_date(), "release.target_date"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Release> {
    SEC_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, storage::LoadWorkingDayCalendar(tx));
    SEC_ASSIGN_OR_RETURN(
        Release r, PlanRelease(req.release_id(), kind, target, in.cutoff_working_days(), calendar));
    r.title = in.title();
    r.comment = in.comment();
    r.version_counter = 1;
    r.create_time_us = r.update_time_us = call.NowMicros();
    SEC_RETURN_IF_ERROR(storage::InsertRelease(tx, r));
    return call.Recorded(tx, ToProto(r, call.Today()), "create", call.Today());
  });
}

absl::StatusOr<v1::Release> GetRelease(Call& call, const v1::GetReleaseRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParseReleaseName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Release> {
    SEC_ASSIGN_OR_RETURN(Release r, storage::GetRelease(tx, id));
    return ToProto(r, call.Today());
  });
}

absl::StatusOr<v1::ListReleasesResponse> ListReleases(Call& call,
                                                      const v1::ListReleasesRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::optional<ReleaseStatus> status,
                       ReleaseStatusEnum().Optional(req.status(), "status"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListReleasesResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<Release> rows, storage::ListReleases(tx));
    const Date today = call.Today();
    if (status.has_value()) {
      rows.erase(
          std::remove_if(rows.begin(), rows.end(),
                         [&](const Release& r) { return ReleaseStatusOn(r, today) != *status; }),
          rows.end());
    }
    v1::ListReleasesResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("releases|", static_cast<int>(req.status())), req.page_size(),
        req.page_token(),
        [](const Release& r) { return absl::StrCat(FormatDate(r.target), "|", r.id); }, rows,
        out.mutable_next_page_token()));
    for (const Release& r : rows) *out.add_releases() = ToProto(r, today);
    return out;
  });
}

absl::StatusOr<v1::Release> AssignModification(Call& call,
                                               const v1::AssignModificationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string to, ParseReleaseName(req.release(), "release"));
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.modification(), "modification"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(req.assign_date(), "assign_date"));
  return Rescope(call, ref, to, day, req.authority_decision(), /*moving=*/false);
}

absl::StatusOr<v1::Release> MoveModification(Call& call, const v1::MoveModificationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.modification(), "modification"));
  SEC_ASSIGN_OR_RETURN(std::string to, ParseReleaseName(req.to_release(), "to_release"));
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(req.move_date(), "move_date"));
  return Rescope(call, ref, to, day, req.authority_decision(), /*moving=*/true);
}

absl::StatusOr<v1::Release> ImplementRelease(Call& call, const v1::ImplementReleaseRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParseReleaseName(req.name(), "name"));
  const v1::SecVersion& in = req.version();
  SecVersion v;
  v.number = in.number();
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(v.number, "version.number"));
  v.sections.assign(in.sections().begin(), in.sections().end());
  v.comment = in.comment();
  v.create_time_us = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Release> {
    SEC_ASSIGN_OR_RETURN(Release r, storage::GetRelease(tx, id));
    SEC_RETURN_IF_ERROR(CheckEtag(req.etag(), r.version_counter, req.name()));
    SEC_RETURN_IF_ERROR(CheckImplementable(r));
    // The version takes effect on the release's target date and implements its scope.
    v.effective = r.target;
    v.implements = r.modifications;
    if (!in.effective_date().empty() && in.effective_date() != FormatDate(r.target)) {
      return InvalidField("version.effective_date",
                          absl::StrCat("the version takes effect on the release's target date, ",
                                       FormatDate(r.target), " (leave it empty)"));
    }
    if (in.implements_size() > 0) {
      return InvalidField("version.implements",
                          "the version implements the release's proposals (leave it empty)");
    }
    SEC_RETURN_IF_ERROR(DesignateAndImplement(call, tx, v, &r));
    SEC_RETURN_IF_ERROR(call.Recorded(tx, ToProto(v), "designate", v.effective).status());
    const v1::Release before = ToProto(r, call.Today());
    r.state = ReleaseState::kImplemented;
    r.version = v.number;
    return SaveRelease(call, tx, r, before, "implement", r.target);
  });
}

absl::StatusOr<v1::Release> CancelRelease(Call& call, const v1::CancelReleaseRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParseReleaseName(req.name(), "name"));
  if (req.reason().empty()) return InvalidField("reason", "required: why the release is skipped");
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Release> {
    SEC_ASSIGN_OR_RETURN(Release r, storage::GetRelease(tx, id));
    SEC_RETURN_IF_ERROR(CheckEtag(req.etag(), r.version_counter, req.name()));
    SEC_RETURN_IF_ERROR(CheckCancellable(r));
    const v1::Release before = ToProto(r, call.Today());
    r.state = ReleaseState::kCancelled;
    r.comment = r.comment.empty() ? req.reason() : absl::StrCat(r.comment, "\n", req.reason());
    return SaveRelease(call, tx, r, before, "cancel", call.Today());
  });
}

}  // namespace sec::service
