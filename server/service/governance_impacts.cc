// GovernanceService: a proposal's impacts by party category and its cost estimates.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/cost.h"
#include "domain/errors.h"
#include "domain/etag.h"
#include "domain/impact.h"
#include "domain/lifecycle.h"
#include "service/enums.h"
#include "service/governance_convert.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"
#include "storage/register_store.h"

namespace sec::service {
namespace {

absl::StatusOr<std::vector<Impact>> ImpactsFrom(
    const google::protobuf::RepeatedPtrField<v1::Impact>& in) {
  std::vector<Impact> out;
  for (int i = 0; i < in.size(); ++i) {
    const std::string field = absl::StrCat("impacts[", i, "]");
    Impact impact;
    SEC_ASSIGN_OR_RETURN(impact.category,
                         CategoryEnum().FromProto(in[i].category(), field + ".category"));
    SEC_ASSIGN_OR_RETURN(impact.grade,
                         ImpactGradeEnum().FromProto(in[i].grade(), field + ".grade"));
    impact.note = in[i].note();
    out.push_back(std::move(impact));
  }
  SEC_RETURN_IF_ERROR(NormaliseImpacts(&out));
  return out;
}

}  // namespace

absl::StatusOr<v1::Modification> SetImpacts(Call& call, const v1::SetImpactsRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.name(), "name"));
  SEC_ASSIGN_OR_RETURN(std::vector<Impact> impacts, ImpactsFrom(req.impacts()));
  const Date today = call.Today();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Modification> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(CheckEtag(req.etag(), m.version, req.name()));
    SEC_RETURN_IF_ERROR(CheckOpen(m));
    SEC_RETURN_IF_ERROR(Prefixed(CheckTimeline(StateOf(m), today, "a grading of impacts"),
                                 absl::StrCat(ref, ": ")));
    SEC_ASSIGN_OR_RETURN(Moved graded,
                         ChangeProposal(call, tx, ref, today, "set_impacts", "",
                                        [&](Modification& p) { p.impacts = impacts; }));
    SEC_RETURN_IF_ERROR(storage::ReplaceImpacts(tx, graded.after));
    return ToProto(graded.after);
  });
}

absl::StatusOr<v1::CostEstimate> AddCostEstimate(Call& call,
                                                 const v1::AddCostEstimateRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  const v1::CostEstimate& in = req.cost_estimate();
  CostEstimate e;
  e.modification = ref;
  SEC_ASSIGN_OR_RETURN(e.kind, CostKindEnum().FromProto(in.kind(), "cost_estimate.kind"));
  SEC_RETURN_IF_ERROR(CheckMayRecordCost(call.who(), e.kind));
  e.amount_pence = in.amount_pence();
  e.source = in.source();
  SEC_ASSIGN_OR_RETURN(e.estimate_date,
                       RequiredDate(in.estimate_date(), "cost_estimate.estimate_date"));
  e.note = in.note();
  e.principal = call.who().name;
  e.create_time_us = call.NowMicros();
  SEC_RETURN_IF_ERROR(ValidateCostEstimate(e, call.Today()));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::CostEstimate> {
    SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
    SEC_ASSIGN_OR_RETURN(std::vector<CostEstimate> held, storage::ListCostEstimates(tx, ref));
    SEC_RETURN_IF_ERROR(CheckRoomForEstimate(ref, static_cast<int64_t>(held.size())));
    SEC_RETURN_IF_ERROR(storage::InsertCostEstimate(tx, e));
    return call.Recorded(tx, ToProto(e), "create", call.Today());
  });
}

absl::StatusOr<v1::ListCostEstimatesResponse> ListCostEstimates(
    Call& call, const v1::ListCostEstimatesRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListCostEstimatesResponse> {
    SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
    SEC_ASSIGN_OR_RETURN(std::vector<CostEstimate> rows, storage::ListCostEstimates(tx, ref));
    SEC_ASSIGN_OR_RETURN(CostTotals totals, SumCosts(rows));
    v1::ListCostEstimatesResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("costs|", ref), req.page_size(), req.page_token(),
        [](const CostEstimate& c) { return SortableNumber(c.id); }, rows,
        out.mutable_next_page_token()));
    for (const CostEstimate& c : rows) *out.add_cost_estimates() = ToProto(c);
    for (const CostTotal& t : totals.by_kind) {
      v1::CostTotal* o = out.add_totals();
      o->set_kind(CostKindEnum().ToProto(t.kind));
      o->set_amount_pence(t.amount_pence);
      o->set_count(t.count);
    }
    out.set_total_pence(totals.total_pence);
    return out;
  });
}

}  // namespace sec::service
