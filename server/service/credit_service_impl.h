#ifndef SEC_SERVICE_CREDIT_SERVICE_IMPL_H_
#define SEC_SERVICE_CREDIT_SERVICE_IMPL_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/dates.h"
#include "domain/principal.h"
#include "sec/v1/credit.grpc.pb.h"
#include "service/credit_convert.h"
#include "service/credit_service_internal.h"
#include "service/read_cache.h"
#include "service/rpc.h"
#include "storage/credit_store.h"
#include "storage/store.h"

namespace sec::service {

// sec.v1.CreditCoverService. Its methods are defined per area, each in a file named for it:
// credit_policies.cc, credit_records.cc (assessments, charges, credit support),
// credit_calculation.cc (calculation, portfolio, comparison), credit_checks.cc (daily check,
// breach notices, defaults) and credit_import.cc; helpers they share are in
// credit_service_internal.h.
class CreditCoverServiceImpl final : public v1::CreditCoverService::Service {
 public:
  explicit CreditCoverServiceImpl(ServiceEnv env)
      : env_(std::move(env)),
        portfolios_(env_.read_cache != nullptr
                        ? std::make_unique<CurrentValues<PortfolioRun>>(kPortfolioRunsKept)
                        : nullptr) {}

  // ---- Policies --------------------------------------------------------------------------------

  grpc::Status CreateCreditPolicy(grpc::ServerContext* ctx,
                                  const v1::CreateCreditPolicyRequest* req,
                                  v1::CreditPolicy* resp) override;

  grpc::Status GetCreditPolicy(grpc::ServerContext* ctx, const v1::GetCreditPolicyRequest* req,
                               v1::CreditPolicy* resp) override;

  grpc::Status ListCreditPolicies(grpc::ServerContext* ctx,
                                  const v1::ListCreditPoliciesRequest* req,
                                  v1::ListCreditPoliciesResponse* resp) override;

  grpc::Status GetPolicyInForce(grpc::ServerContext* ctx, const v1::GetPolicyInForceRequest* req,
                                v1::CreditPolicy* resp) override;

  // ---- Assessments and charges -----------------------------------------------------------------

  grpc::Status CreateCreditAssessment(grpc::ServerContext* ctx,
                                      const v1::CreateCreditAssessmentRequest* req,
                                      v1::CreditAssessment* resp) override;

  grpc::Status ListCreditAssessments(grpc::ServerContext* ctx,
                                     const v1::ListCreditAssessmentsRequest* req,
                                     v1::ListCreditAssessmentsResponse* resp) override;

  grpc::Status CreateCharge(grpc::ServerContext* ctx, const v1::CreateChargeRequest* req,
                            v1::Charge* resp) override;

  grpc::Status ListCharges(grpc::ServerContext* ctx, const v1::ListChargesRequest* req,
                           v1::ListChargesResponse* resp) override;

  // ---- Credit support --------------------------------------------------------------------------

  grpc::Status LodgeCreditSupport(grpc::ServerContext* ctx,
                                  const v1::LodgeCreditSupportRequest* req,
                                  v1::CreditSupport* resp) override;

  grpc::Status AmendCreditSupport(grpc::ServerContext* ctx,
                                  const v1::AmendCreditSupportRequest* req,
                                  v1::CreditSupport* resp) override;

  grpc::Status WithdrawCreditSupport(grpc::ServerContext* ctx,
                                     const v1::WithdrawCreditSupportRequest* req,
                                     v1::CreditSupport* resp) override;

  grpc::Status ListCreditSupport(grpc::ServerContext* ctx, const v1::ListCreditSupportRequest* req,
                                 v1::ListCreditSupportResponse* resp) override;

  // ---- Calculation, portfolio, comparison ------------------------------------------------------

  grpc::Status CalculateCreditCover(grpc::ServerContext* ctx,
                                    const v1::CalculateCreditCoverRequest* req,
                                    v1::CreditCoverResult* resp) override;

  grpc::Status GetPortfolio(grpc::ServerContext* ctx, const v1::GetPortfolioRequest* req,
                            v1::Portfolio* resp) override;

  grpc::Status ComparePolicies(grpc::ServerContext* ctx, const v1::ComparePoliciesRequest* req,
                               v1::PolicyComparison* resp) override;

  // ---- Breach and default ----------------------------------------------------------------------

  grpc::Status RunCreditCheck(grpc::ServerContext* ctx, const v1::RunCreditCheckRequest* req,
                              v1::RunCreditCheckResponse* resp) override;

  grpc::Status ListBreachNotices(grpc::ServerContext* ctx, const v1::ListBreachNoticesRequest* req,
                                 v1::ListBreachNoticesResponse* resp) override;

  grpc::Status ListDefaults(grpc::ServerContext* ctx, const v1::ListDefaultsRequest* req,
                            v1::ListDefaultsResponse* resp) override;

  // ---- Bulk import -----------------------------------------------------------------------------

  grpc::Status ImportCreditData(grpc::ServerContext* ctx, const v1::ImportCreditDataRequest* req,
                                v1::ImportCreditDataResponse* resp) override;

 private:
  static constexpr char kService[] = "sec.v1.CreditCoverService";
  static constexpr int kDefaultPageSize = 50;
  static constexpr int kMaxPageSize = 1000;

  // Parses one import file (empty: nothing) and the line each record starts on, so later
  // errors (an unregistered party) can name the line too.
  template <typename T, typename Parser>
  static absl::Status ParseFile(const std::string& text, absl::string_view file, Parser parse,
                                std::vector<T>* out, std::vector<int>* lines);

  absl::StatusOr<storage::StoredInstrument> LoadInstrument(storage::Tx& tx, const ChildRef& ref,
                                                           const std::string& name);

  // One page of a party's records of one kind, keyed by sequence number.
  template <typename Row, typename Lister, typename Emit>
  absl::Status ListChildren(const Principal& who, const std::string& parent, int page_size,
                            const std::string& page_token, absl::string_view collection,
                            Lister lister, Emit emit, std::string* next_token);

  template <typename Emit>
  absl::Status ListNoticeRows(const Principal& who, const std::string& parent,
                              const std::string& state, bool defaulted_only, int page_size,
                              const std::string& page_token, std::string* next_token, Emit emit);

  // The daily check in one transaction: the domain decides per party, this applies it.
  absl::Status Check(storage::Tx& tx, const Principal& who, Date d,
                     v1::RunCreditCheckResponse* resp);

  // RunPortfolio for a read: from portfolios_ when current (a paged GetPortfolio reads the
  // population once, not once per page). `generation` is the store's, read before `tx` began.
  absl::StatusOr<std::shared_ptr<const PortfolioRun>> Portfolio(storage::Tx& tx,
                                                                 uint64_t generation,
                                                                 const storage::StoredPolicy& policy,
                                                                 Date d);

  // Portfolio runs kept: a few dates and policies at a time (10,000 parties are ~4 MB).
  static constexpr size_t kPortfolioRunsKept = 4;

  ServiceEnv env_;
  // Null where the read cache is off (MySQL, --read_cache_mb=0): every read computes.
  std::unique_ptr<CurrentValues<PortfolioRun>> portfolios_;
};

}  // namespace sec::service

#endif  // SEC_SERVICE_CREDIT_SERVICE_IMPL_H_
