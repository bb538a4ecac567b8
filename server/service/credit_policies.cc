// CreditCoverService: credit policies and the policy in force on a date.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "domain/errors.h"
#include "domain/page_token.h"
#include "service/credit_convert.h"
#include "service/credit_service_internal.h"
#include "service/handlers.h"
#include "service/register_convert.h"
#include "storage/credit_store.h"

namespace sec::service {

absl::StatusOr<v1::CreditPolicy> CreateCreditPolicy(Call& call,
                                                    const v1::CreateCreditPolicyRequest& req) {
  SEC_RETURN_IF_ERROR(ValidateResourceId(req.policy_id(), "policy_id"));
  SEC_ASSIGN_OR_RETURN(CreditPolicy p, FromProto(req.policy(), req.policy_id()));
  if (p.name.empty()) {
    return InvalidField("policy.display_name", "required, e.g. \"SEC 5.6 rules\"");
  }
  SEC_RETURN_IF_ERROR(ValidateCreditPolicy(p));
  storage::StoredPolicy row{p, req.policy().comment(), call.NowMicros()};
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditPolicy> {
    SEC_RETURN_IF_ERROR(storage::InsertPolicy(tx, row));
    return call.Recorded(tx, ToProto(row), "create", p.effective_date);
  });
}

absl::StatusOr<v1::CreditPolicy> GetCreditPolicy(Call& call,
                                                 const v1::GetCreditPolicyRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParsePolicyName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditPolicy> {
    SEC_ASSIGN_OR_RETURN(storage::StoredPolicy p, storage::GetPolicy(tx, id));
    return ToProto(p);
  });
}

absl::StatusOr<v1::ListCreditPoliciesResponse> ListCreditPolicies(
    Call& call, const v1::ListCreditPoliciesRequest& req) {
  SEC_ASSIGN_OR_RETURN(int size,
                       ResolvePageSize(req.page_size(), kCreditPageSize, kCreditMaxPageSize));
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken("creditPolicies", req.page_token()));
  const std::string after = cursor.last_key.empty() ? "" : cursor.last_key[0];
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListCreditPoliciesResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredPolicy> rows,
                         storage::ListPolicies(tx, after, size + 1));
    v1::ListCreditPoliciesResponse out;
    const bool more = static_cast<int>(rows.size()) > size;
    if (more) rows.pop_back();
    for (const storage::StoredPolicy& p : rows) *out.add_policies() = ToProto(p);
    if (more) {
      out.set_next_page_token(EncodePageToken(
          "creditPolicies", {{FormatDate(rows.back().policy.effective_date)}}));
    }
    return out;
  });
}

absl::StatusOr<v1::CreditPolicy> GetPolicyInForce(Call& call,
                                                  const v1::GetPolicyInForceRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date d, call.DateOrToday(req.date(), "date"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::CreditPolicy> {
    SEC_ASSIGN_OR_RETURN(storage::StoredPolicy p, storage::PolicyInForce(tx, d));
    return ToProto(p);
  });
}

}  // namespace sec::service
