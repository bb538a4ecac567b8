// secctl commands for ReleaseService: releases, their scope, implementing and cancelling them.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli.h"
#include "sec/v1/release.grpc.pb.h"

namespace sec::cli {
namespace {

using Stub = v1::ReleaseService::Stub;

std::string Rel(const std::string& id) { return Named(id, "releases/"); }
std::string Mod(const std::string& id) { return Named(id, "modifications/"); }

std::vector<std::string> ReleaseRow(const v1::Release& r) {
  std::vector<std::string> refs;
  for (const auto& m : r.modifications()) refs.push_back(m.substr(14));
  return {r.name().substr(9),
          ShortEnum(v1::ReleaseKind_Name(r.kind()), "RELEASE_KIND_"),
          r.target_date(),
          r.cutoff_date(),
          ShortEnum(v1::ReleaseStatus_Name(r.status()), "RELEASE_STATUS_"),
          r.version().empty() ? "" : r.version().substr(9),
          absl::StrJoin(refs, " ")};
}

int ReleasesCreate(Cli& cli, const Args& args) {
  v1::CreateReleaseRequest req;
  req.set_release_id(args.positional[0]);
  v1::Release* r = req.mutable_release();
  v1::ReleaseKind kind = v1::RELEASE_KIND_PLANNED;
  if (args.Has("kind") && !ParseEnum<v1::ReleaseKind>(v1::ReleaseKind_Parse, "RELEASE_KIND_",
                                                      args.Get("kind"), &kind)) {
    return cli.UsageError("--kind: planned or ad-hoc");
  }
  r->set_kind(kind);
  r->set_target_date(args.Get("target"));
  r->set_cutoff_working_days(static_cast<int32_t>(args.GetInt("cutoff-days", 0)));
  r->set_title(args.Get("title"));
  r->set_comment(args.Get("comment"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::CreateRelease, req);
}

int ReleasesGet(Cli& cli, const Args& args) {
  v1::GetReleaseRequest req;
  req.set_name(Rel(args.positional[0]));
  return Call(cli, &Stub::GetRelease, req);
}

int ReleasesList(Cli& cli, const Args& args) {
  v1::ListReleasesRequest req;
  if (args.Has("status")) {
    v1::ReleaseStatus st;
    if (!ParseEnum<v1::ReleaseStatus>(v1::ReleaseStatus_Parse, "RELEASE_STATUS_",
                                      args.Get("status"), &st)) {
      return cli.UsageError("--status: planning, scoped, implemented or cancelled");
    }
    req.set_status(st);
  }
  v1::ListReleasesResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListReleases, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : resp.releases()) rows.push_back(ReleaseRow(r));
  cli.Print(resp, {"ID", "KIND", "TARGET", "CUTOFF", "STATUS", "VERSION", "PROPOSALS"}, rows);
  return 0;
}

int ReleasesAssign(Cli& cli, const Args& args) {
  v1::AssignModificationRequest req;
  req.set_release(Rel(args.positional[0]));
  req.set_modification(Mod(args.positional[1]));
  req.set_assign_date(args.Get("date"));
  req.set_authority_decision(args.Get("authority-decision"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::AssignModification, req);
}

int ReleasesMove(Cli& cli, const Args& args) {
  v1::MoveModificationRequest req;
  req.set_modification(Mod(args.positional[0]));
  req.set_to_release(Rel(args.positional[1]));
  req.set_move_date(args.Get("date"));
  req.set_authority_decision(args.Get("authority-decision"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::MoveModification, req);
}

int ReleasesImplement(Cli& cli, const Args& args) {
  v1::ImplementReleaseRequest req;
  req.set_name(Rel(args.positional[0]));
  req.mutable_version()->set_number(args.Get("version"));
  for (const auto& s : args.repeated("section")) req.mutable_version()->add_sections(s);
  req.mutable_version()->set_comment(args.Get("comment"));
  req.set_etag(args.Get("etag"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::ImplementRelease, req);
}

int ReleasesCancel(Cli& cli, const Args& args) {
  v1::CancelReleaseRequest req;
  req.set_name(Rel(args.positional[0]));
  req.set_reason(args.Get("reason"));
  req.set_etag(args.Get("etag"));
  req.set_request_id(RequestId(args));
  return Call(cli, &Stub::CancelRelease, req);
}

int ReleasesForecast(Cli& cli, const Args& args) {
  v1::ForecastReleasesRequest req;
  req.set_as_of(args.Get("as-of"));
  if (args.Has("late")) req.set_late_assessment(Named(args.Get("late"), "assessments/"));
  req.set_late_by_working_days(static_cast<int32_t>(args.GetInt("by", 0)));
  v1::ForecastReleasesResponse resp;
  grpc::Status s = Send(cli, &Stub::ForecastReleases, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  const bool scenario = !req.late_assessment().empty();
  std::vector<std::string> header = {"REFERENCE", "STATUS", "APPROVAL", "IMPLEMENTABLE", "RELEASE"};
  if (scenario) header.insert(header.end(), {"IF LATE: APPROVAL", "RELEASE", "SLIPS"});
  header.push_back("NOTE");
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : resp.forecasts()) {
    std::vector<std::string> row = {
        f.modification().substr(14),
        ShortEnum(v1::ModificationStatus_Name(f.status()), "MODIFICATION_STATUS_"),
        f.approval_date(), f.implementable_date(),
        f.release().empty() ? "-" : f.release().substr(9)};
    if (scenario) {
      row.insert(row.end(), {f.scenario_approval_date(),
                             f.scenario_release().empty() ? "-" : f.scenario_release().substr(9),
                             f.slips() ? "yes" : "no"});
    }
    row.push_back(f.note());
    rows.push_back(std::move(row));
  }
  cli.Print(resp, header, rows);
  return 0;
}

}  // namespace

std::optional<grpc::Status> RunReleaseImportStep(Cli& cli, const v1::ImportStep& step) {
  using S = v1::ImportStep;
  v1::Release r;
  switch (step.request_case()) {
    case S::kCreateRelease:
      return Send(cli, &Stub::CreateRelease, step.create_release(), &r);
    case S::kAssignModification:
      return Send(cli, &Stub::AssignModification, step.assign_modification(), &r);
    case S::kMoveModification:
      return Send(cli, &Stub::MoveModification, step.move_modification(), &r);
    case S::kImplementRelease:
      return Send(cli, &Stub::ImplementRelease, step.implement_release(), &r);
    case S::kCancelRelease:
      return Send(cli, &Stub::CancelRelease, step.cancel_release(), &r);
    default:
      return std::nullopt;
  }
}

void AddReleaseCommands(std::vector<Command>* out) {
  const FlagSpec rid = RequestIdFlag();
  const FlagSpec date{"date", "business date YYYY-MM-DD (default today)"};
  const FlagSpec authority{"authority-decision",
                           "the Authority's decision allowing it after the cut-off"};
  const FlagSpec etag{"etag", "refuse if the release changed since (its etag)"};
  out->push_back(
      {"releases create",
       "Plan a release (SECAS): ID is its month, 2017-06, or 2017-06-<suffix>",
       "ID",
       {{"kind", "planned (default) or ad-hoc"},
        {"target", "target implementation date YYYY-MM-DD"},
        {"cutoff-days", "cut-off: working days before the target (default 20)", FlagKind::kInt},
        {"title", "title"},
        {"comment", "comment (e.g. which facts are assumed)"},
        rid},
       ReleasesCreate});
  out->push_back({"releases get", "Show a release", "ID", {}, ReleasesGet});
  out->push_back({"releases list",
                  "Releases by target date",
                  "",
                  {{"status", "planning, scoped, implemented or cancelled"}},
                  ReleasesList});
  out->push_back({"releases assign",
                  "Assign an approved proposal to a release (SECAS)",
                  "ID SECMPnnnn",
                  {date, authority, rid},
                  ReleasesAssign});
  out->push_back({"releases move",
                  "Move a proposal to another release (SECAS; after a cut-off, with the "
                  "Authority's decision)",
                  "SECMPnnnn ID",
                  {date, authority, rid},
                  ReleasesMove});
  out->push_back({"releases implement",
                  "Implement a release: designate its SEC version, implement its proposals",
                  "ID",
                  {{"version", "the SEC version it designates, e.g. 5.6"},
                   {"section", "a section it amends (repeatable)", FlagKind::kList},
                   {"comment", "comment"},
                   etag,
                   rid},
                  ReleasesImplement});
  out->push_back({"releases forecast",
                  "The earliest release each proposal can land in; with --late, which slip",
                  "",
                  {{"as-of", "forecast from this day (default today)"},
                   {"late", "a DCC assessment to suppose late, e.g. 7 or assessments/7"},
                   {"by", "working days late (with --late)", FlagKind::kInt}},
                  ReleasesForecast});
  out->push_back({"releases cancel",
                  "Cancel (skip) a release with no proposals",
                  "ID",
                  {{"reason", "why it is skipped"}, etag, rid},
                  ReleasesCancel});
}

}  // namespace sec::cli
