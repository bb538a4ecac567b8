// GovernanceServiceImpl: DCC assessments, and the holiday calendar their working-day
// deadlines count on.

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/calendar.h"
#include "domain/dcc_assessment.h"
#include "service/governance_convert.h"
#include "service/governance_service_impl.h"
#include "service/governance_service_internal.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/governance_store.h"

namespace sec::service {

// --- DCC assessments ----------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::RequestAssessment(grpc::ServerContext* ctx,
                                                      const v1::RequestAssessmentRequest* req,
                                                      v1::Assessment* resp) {
  return HandleRpc(
      env_, ctx, kService, "RequestAssessment", req->request_id(),
      [&](const Principal& who) -> absl::Status {
        if (auto s =
                RequireAnyRole(who, {Role::kPanel, Role::kSecas}, "requesting a DCC assessment");
            !s.ok()) {
          return s;
        }
        absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
        if (!ref.ok()) return ref.status();
        if (req->kind() == v1::ASSESSMENT_KIND_UNSPECIFIED) {
          return absl::InvalidArgumentError("kind: PRELIMINARY or IMPACT is required");
        }
        const AssessmentKind kind = static_cast<AssessmentKind>(static_cast<int>(req->kind()) - 1);
        absl::StatusOr<Date> day = DateOrToday(env_, req->request_date(), "request_date");
        if (!day.ok()) return day.status();
        std::optional<Date> due;
        if (!req->due_date().empty()) {
          absl::StatusOr<Date> d = ParseDate(req->due_date(), "due_date");
          if (!d.ok()) return d.status();
          due = *d;
        }
        return IdempotentWrite(
            env_, "RequestAssessment", req->request_id(), who, resp,
            [&](storage::Tx& tx) -> absl::Status {
              if (auto s = storage::GetModification(tx, *ref).status(); !s.ok()) return s;
              absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
              if (!cal.ok()) return cal.status();
              absl::StatusOr<DccAssessment> a =
                  sec::RequestAssessment(*ref, kind, *day, due, *cal, AssessmentTimescales());
              if (!a.ok()) return a.status();
              storage::AssessmentRow row;
              row.assessment = *std::move(a);
              row.version = 1;
              if (auto s = storage::InsertAssessment(tx, row); !s.ok()) return s;
              *resp = ToProto(row);
              storage::StoredEvent e =
                  NewEvent(env_, who, resp->name(), "request", FormatDate(*day), nullptr, resp);
              return storage::AppendEvent(tx, e);
            });
      });
}

grpc::Status GovernanceServiceImpl::GetAssessment(grpc::ServerContext* ctx,
                                                  const v1::GetAssessmentRequest* req,
                                                  v1::Assessment* resp) {
  return HandleRpc(env_, ctx, kService, "GetAssessment", "", [&](const Principal&) -> absl::Status {
    absl::StatusOr<int64_t> id = ParseAssessmentName(req->name(), "name");
    if (!id.ok()) return id.status();
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<storage::AssessmentRow> a = storage::GetAssessment(tx, *id);
      if (!a.ok()) return a.status();
      absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
      if (!cal.ok()) return cal.status();
      *resp = WithLateness(*a, env_.Today(), *cal);
      return absl::OkStatus();
    });
  });
}

grpc::Status GovernanceServiceImpl::RecordAssessmentProgress(
    grpc::ServerContext* ctx, const v1::RecordAssessmentProgressRequest* req,
    v1::Assessment* resp) {
  return AssessmentStep(
      ctx, "RecordAssessmentProgress", req->name(), req->date(), req->request_id(), "progress",
      resp, [&](const DccAssessment& a, Date day) { return RecordProgress(a, day, req->note()); });
}

grpc::Status GovernanceServiceImpl::DeliverAssessment(grpc::ServerContext* ctx,
                                                      const v1::DeliverAssessmentRequest* req,
                                                      v1::Assessment* resp) {
  return AssessmentStep(ctx, "DeliverAssessment", req->name(), req->delivery_date(),
                        req->request_id(), "deliver", resp,
                        [&](const DccAssessment& a, Date day) { return Deliver(a, day); });
}

grpc::Status GovernanceServiceImpl::ListAssessments(grpc::ServerContext* ctx,
                                                    const v1::ListAssessmentsRequest* req,
                                                    v1::ListAssessmentsResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListAssessments", "",
                   [&](const Principal&) -> absl::Status {
                     std::string ref;
                     if (!req->modification().empty()) {
                       absl::StatusOr<std::string> r =
                           ParseModificationName(req->modification(), "modification");
                       if (!r.ok()) return r.status();
                       ref = *r;
                     }
                     absl::StatusOr<Date> as_of = DateOrToday(env_, req->as_of(), "as_of");
                     if (!as_of.ok()) return as_of.status();
                     return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                       absl::StatusOr<std::vector<storage::AssessmentRow>> rows =
                           storage::ListAssessments(tx, ref);
                       if (!rows.ok()) return rows.status();
                       absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
                       if (!cal.ok()) return cal.status();
                       if (req->overdue_only()) {
                         rows->erase(std::remove_if(rows->begin(), rows->end(),
                                                    [&](const storage::AssessmentRow& a) {
                                                      return !IsOverdue(a.assessment, *as_of);
                                                    }),
                                     rows->end());
                       }
                       if (auto s = PageRows(
                               absl::StrCat("assessments|", ref, "|", req->overdue_only(), "|",
                                            req->as_of()),
                               req->page_size(), req->page_token(),
                               [](const storage::AssessmentRow& a) { return SortableNumber(a.id); },
                               *rows, resp->mutable_next_page_token());
                           !s.ok()) {
                         return s;
                       }
                       for (const auto& a : *rows) {
                         *resp->add_assessments() = WithLateness(a, *as_of, *cal);
                       }
                       return absl::OkStatus();
                     });
                   });
}

// --- Calendar -----------------------------------------------------------------------------------

grpc::Status GovernanceServiceImpl::LoadHolidays(grpc::ServerContext* ctx,
                                                 const v1::LoadHolidaysRequest* req,
                                                 v1::LoadHolidaysResponse* resp) {
  return HandleRpc(env_, ctx, kService, "LoadHolidays", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
                     if (auto s = RequireAnyRole(who, {Role::kSecas}, "loading holidays"); !s.ok())
                       return s;
                     std::vector<Holiday> holidays;
                     for (const v1::Holiday& h : req->holidays()) {
                       absl::StatusOr<Date> d = ParseDate(h.date(), "holidays.date");
                       if (!d.ok()) return d.status();
                       if (h.name().empty() || h.name().size() > 200) {
                         return absl::InvalidArgumentError(
                             absl::StrCat("holidays.name: 1-200 characters (", h.date(), ")"));
                       }
                       holidays.push_back({*d, h.name()});
                     }
                     if (holidays.empty())
                       return absl::InvalidArgumentError("holidays: none given");
                     return IdempotentWrite(
                         env_, "LoadHolidays", req->request_id(), who, resp,
                         [&](storage::Tx& tx) -> absl::Status {
                           for (const Holiday& h : holidays) {
                             if (auto s = storage::PutHoliday(tx, h); !s.ok()) return s;
                           }
                           resp->set_loaded(static_cast<int32_t>(holidays.size()));
                           storage::StoredEvent e =
                               NewEvent(env_, who, "calendar/holidays", "load",
                                        FormatDate(env_.Today()), nullptr, resp,
                                        absl::StrCat(FormatDate(holidays.front().date), "..",
                                                     FormatDate(holidays.back().date)));
                           return storage::AppendEvent(tx, e);
                         });
                   });
}

grpc::Status GovernanceServiceImpl::ListHolidays(grpc::ServerContext* ctx,
                                                 const v1::ListHolidaysRequest* req,
                                                 v1::ListHolidaysResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListHolidays", "", [&](const Principal&) -> absl::Status {
    Date start(1, 1, 1), end(9999, 12, 31);
    if (!req->start_date().empty()) {
      absl::StatusOr<Date> d = ParseDate(req->start_date(), "start_date");
      if (!d.ok()) return d.status();
      start = *d;
    }
    if (!req->end_date().empty()) {
      absl::StatusOr<Date> d = ParseDate(req->end_date(), "end_date");
      if (!d.ok()) return d.status();
      end = *d;
    }
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<Holiday>> rows = storage::ListHolidays(tx);
      if (!rows.ok()) return rows.status();
      rows->erase(std::remove_if(rows->begin(), rows->end(),
                                 [&](const Holiday& h) { return h.date < start || h.date > end; }),
                  rows->end());
      if (auto s = PageRows(
              absl::StrCat("holidays|", req->start_date(), "|", req->end_date()),
              req->page_size(), req->page_token(),
              [](const Holiday& h) { return FormatDate(h.date); }, *rows,
              resp->mutable_next_page_token());
          !s.ok()) {
        return s;
      }
      for (const Holiday& h : *rows) {
        v1::Holiday* out = resp->add_holidays();
        out->set_date(FormatDate(h.date));
        out->set_name(h.name);
      }
      return absl::OkStatus();
    });
  });
}

// --- Helpers ------------------------------------------------------------------------------------

v1::Assessment GovernanceServiceImpl::WithLateness(const storage::AssessmentRow& a, Date on,
                                                   const WorkingDayCalendar& cal) {
  v1::Assessment out = ToProto(a);
  out.set_overdue(IsOverdue(a.assessment, on));
  out.set_working_days_late(WorkingDaysLate(a.assessment, on, cal));
  return out;
}

grpc::Status GovernanceServiceImpl::AssessmentStep(grpc::ServerContext* ctx,
                                                   absl::string_view method,
                                                   const std::string& name, const std::string& date,
                                                   const std::string& request_id, const char* kind,
                                                   v1::Assessment* resp, AssessmentFn fn) {
  return HandleRpc(
      env_, ctx, kService, method, request_id, [&](const Principal& who) -> absl::Status {
        if (auto s = RequireAnyRole(who, {Role::kDcc, Role::kSecas}, "updating a DCC assessment");
            !s.ok()) {
          return s;
        }
        absl::StatusOr<int64_t> id = ParseAssessmentName(name, "name");
        if (!id.ok()) return id.status();
        absl::StatusOr<Date> day = DateOrToday(env_, date, "date");
        if (!day.ok()) return day.status();
        return IdempotentWrite(
            env_, method, request_id, who, resp, [&](storage::Tx& tx) -> absl::Status {
              absl::StatusOr<storage::AssessmentRow> row = storage::GetAssessment(tx, *id);
              if (!row.ok()) return row.status();
              const v1::Assessment before = ToProto(*row);
              absl::StatusOr<DccAssessment> next = fn(row->assessment, *day);
              if (!next.ok()) {
                return absl::Status(next.status().code(),
                                    absl::StrCat(before.name(), ": ", next.status().message()));
              }
              const int64_t expected = row->version;
              row->assessment = *std::move(next);
              row->version += 1;
              if (auto s = storage::UpdateAssessment(tx, *row, expected); !s.ok()) return s;
              absl::StatusOr<WorkingDayCalendar> cal = storage::LoadWorkingDayCalendar(tx);
              if (!cal.ok()) return cal.status();
              *resp = WithLateness(*row, *day, *cal);
              storage::StoredEvent e =
                  NewEvent(env_, who, resp->name(), kind, FormatDate(*day), &before, resp);
              return storage::AppendEvent(tx, e);
            });
      });
}

}  // namespace sec::service
