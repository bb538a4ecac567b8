#ifndef SEC_SERVICE_REGISTER_SERVICE_H_
#define SEC_SERVICE_REGISTER_SERVICE_H_

#include <atomic>

#include "sec/v1/register.grpc.pb.h"
#include "service/rpc.h"

namespace sec::service {

// RegisterService: parties, proposals and their history. Adapts only: each method
// authenticates, validates with domain/, runs one storage transaction and maps the result.
class RegisterServiceImpl final : public v1::RegisterService::Service {
 public:
  explicit RegisterServiceImpl(ServiceEnv env) : env_(std::move(env)) {}

  // Ends open WatchEvents streams (server shutdown).
  void Shutdown() { shutting_down_ = true; }

  grpc::Status CreateParty(grpc::ServerContext* ctx, const v1::CreatePartyRequest* req,
                           v1::Party* resp) override;
  grpc::Status GetParty(grpc::ServerContext* ctx, const v1::GetPartyRequest* req,
                        v1::Party* resp) override;
  grpc::Status ListParties(grpc::ServerContext* ctx, const v1::ListPartiesRequest* req,
                           v1::ListPartiesResponse* resp) override;
  grpc::Status UpdateParty(grpc::ServerContext* ctx, const v1::UpdatePartyRequest* req,
                           v1::Party* resp) override;
  grpc::Status CreateModification(grpc::ServerContext* ctx,
                                  const v1::CreateModificationRequest* req,
                                  v1::Modification* resp) override;
  grpc::Status GetModification(grpc::ServerContext* ctx, const v1::GetModificationRequest* req,
                               v1::Modification* resp) override;
  grpc::Status ListModifications(grpc::ServerContext* ctx,
                                 const v1::ListModificationsRequest* req,
                                 v1::ListModificationsResponse* resp) override;
  grpc::Status UpdateModification(grpc::ServerContext* ctx,
                                  const v1::UpdateModificationRequest* req,
                                  v1::Modification* resp) override;
  grpc::Status WithdrawModification(grpc::ServerContext* ctx,
                                    const v1::WithdrawModificationRequest* req,
                                    v1::Modification* resp) override;
  grpc::Status ListModificationEvents(grpc::ServerContext* ctx,
                                      const v1::ListModificationEventsRequest* req,
                                      v1::ListModificationEventsResponse* resp) override;
  grpc::Status WatchEvents(grpc::ServerContext* ctx, const v1::WatchEventsRequest* req,
                           grpc::ServerWriter<v1::Event>* writer) override;

 private:
  ServiceEnv env_;
  std::atomic<bool> shutting_down_{false};
};

// The filter fields ListModifications accepts (also used by secctl's help).
const std::vector<FilterField>& ModificationFilterFields();

}  // namespace sec::service

#endif  // SEC_SERVICE_REGISTER_SERVICE_H_
