// CreditCoverServiceImpl: credit policies and the policy in force on a date.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/credit.h"
#include "domain/page_token.h"
#include "service/credit_convert.h"
#include "service/credit_service_impl.h"
#include "service/credit_service_internal.h"
#include "service/register_convert.h"
#include "storage/credit_store.h"

namespace sec::service {

// ---- Policies ----------------------------------------------------------------------------------

grpc::Status CreditCoverServiceImpl::CreateCreditPolicy(grpc::ServerContext* ctx,
                                                        const v1::CreateCreditPolicyRequest* req,
                                                        v1::CreditPolicy* resp) {
  return HandleRpc(env_, ctx, kService, "CreateCreditPolicy", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
                     if (auto s = RequireWriter(who, "creating a credit policy"); !s.ok()) return s;
                     if (auto s = ValidateResourceId(req->policy_id(), "policy_id"); !s.ok())
                       return s;
                     absl::StatusOr<CreditPolicy> p = FromProto(req->policy(), req->policy_id());
                     if (!p.ok()) return p.status();
                     if (p->name.empty()) {
                       return absl::InvalidArgumentError(
                           "policy.display_name: required, e.g. \"SEC 5.6 rules\"");
                     }
                     if (auto s = ValidateCreditPolicy(*p); !s.ok()) return s;
                     storage::StoredPolicy row{*p, req->policy().comment(), env_.NowMicros()};
                     return IdempotentWrite(env_, "CreateCreditPolicy", req->request_id(), who,
                                            resp, [&](storage::Tx& tx) -> absl::Status {
                                              if (auto s = storage::InsertPolicy(tx, row); !s.ok())
                                                return s;
                                              *resp = ToProto(row);
                                              storage::StoredEvent e =
                                                  NewEvent(env_, who, resp->name(), "create",
                                                           resp->effective_date(), nullptr, resp);
                                              return storage::AppendEvent(tx, e);
                                            });
                   });
}

grpc::Status CreditCoverServiceImpl::GetCreditPolicy(grpc::ServerContext* ctx,
                                                     const v1::GetCreditPolicyRequest* req,
                                                     v1::CreditPolicy* resp) {
  return HandleRpc(env_, ctx, kService, "GetCreditPolicy", "",
                   [&](const Principal&) -> absl::Status {
                     absl::StatusOr<std::string> id = ParsePolicyName(req->name(), "name");
                     if (!id.ok()) return id.status();
                     return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                       absl::StatusOr<storage::StoredPolicy> p = storage::GetPolicy(tx, *id);
                       if (!p.ok()) return p.status();
                       *resp = ToProto(*p);
                       return absl::OkStatus();
                     });
                   });
}

grpc::Status CreditCoverServiceImpl::ListCreditPolicies(grpc::ServerContext* ctx,
                                                        const v1::ListCreditPoliciesRequest* req,
                                                        v1::ListCreditPoliciesResponse* resp) {
  return HandleRpc(
      env_, ctx, kService, "ListCreditPolicies", "", [&](const Principal&) -> absl::Status {
        absl::StatusOr<int> size =
            ResolvePageSize(req->page_size(), kDefaultPageSize, kMaxPageSize);
        if (!size.ok()) return size.status();
        absl::StatusOr<PageCursor> cursor = DecodePageToken("creditPolicies", req->page_token());
        if (!cursor.ok()) return cursor.status();
        const std::string after = cursor->last_key.empty() ? "" : cursor->last_key[0];
        return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
          absl::StatusOr<std::vector<storage::StoredPolicy>> rows =
              storage::ListPolicies(tx, after, *size + 1);
          if (!rows.ok()) return rows.status();
          const bool more = static_cast<int>(rows->size()) > *size;
          if (more) rows->pop_back();
          for (const storage::StoredPolicy& p : *rows) *resp->add_policies() = ToProto(p);
          if (more) {
            resp->set_next_page_token(EncodePageToken(
                "creditPolicies", {{FormatDate(rows->back().policy.effective_date)}}));
          }
          return absl::OkStatus();
        });
      });
}

grpc::Status CreditCoverServiceImpl::GetPolicyInForce(grpc::ServerContext* ctx,
                                                      const v1::GetPolicyInForceRequest* req,
                                                      v1::CreditPolicy* resp) {
  return HandleRpc(env_, ctx, kService, "GetPolicyInForce", "",
                   [&](const Principal&) -> absl::Status {
                     absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
                     if (!d.ok()) return d.status();
                     return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
                       absl::StatusOr<storage::StoredPolicy> p = storage::PolicyInForce(tx, *d);
                       if (!p.ok()) return p.status();
                       *resp = ToProto(*p);
                       return absl::OkStatus();
                     });
                   });
}

}  // namespace sec::service
