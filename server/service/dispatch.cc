#include "service/dispatch.h"

#include <grpc/byte_buffer.h>

#include <exception>
#include <map>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "service/call_interceptor.h"
#include "service/log.h"

namespace sec::service {
namespace {

// A method's handler that refuses a request over `max_bytes` before it is parsed, with
// RESOURCE_EXHAUSTED saying so (gRPC core's own limit, above this one, would drop the call
// unseen: call_interceptor.h). Everything else is the wrapped handler's.
class SizeLimitedHandler final : public grpc::internal::MethodHandler {
 public:
  SizeLimitedHandler(grpc::internal::MethodHandler* inner, int max_bytes)
      : inner_(inner), max_bytes_(static_cast<size_t>(max_bytes)) {}

  void RunHandler(const HandlerParameter& param) override { inner_->RunHandler(param); }

  void* Deserialize(grpc_call* call, grpc_byte_buffer* req, grpc::Status* status,
                    void** handler_data) override {
    if (req != nullptr && grpc_byte_buffer_length(req) > max_bytes_) {
      *status =
          RefuseOversizedRequest(grpc_byte_buffer_length(req), static_cast<int>(max_bytes_));
      grpc_byte_buffer_destroy(req);  // the handler owns the request's bytes
      return nullptr;
    }
    return inner_->Deserialize(call, req, status, handler_data);
  }

 private:
  const std::unique_ptr<grpc::internal::MethodHandler> inner_;
  const size_t max_bytes_;
};

// One of the contract's services, its methods added from the table's rows.
class DeclaredService final : public grpc::Service {
 public:
  void Add(const ServiceEnv& env, const Rpc& rpc) {
    const bool stream = rpc.type == grpc::internal::RpcMethod::SERVER_STREAMING;
    auto handler = [&] {
      return new SizeLimitedHandler(rpc.handler(env, rpc), env.max_request_bytes);
    };
    AddMethod(new grpc::internal::RpcServiceMethod(rpc.decl.method, rpc.type,
                                                   stream ? nullptr : handler()));
    // A stream runs on the callback API, so an open stream holds no thread.
    if (stream) MarkMethodCallback(methods_added_, handler());
    ++methods_added_;
  }

 private:
  int methods_added_ = 0;
};

constexpr const char* kServices[] = {"sec.v1.RegisterService", "sec.v1.GovernanceService",
                                     "sec.v1.CreditCoverService", "sec.v1.ReleaseService",
                                     "sec.v1.LegalTextService",
                                     "sec.v1.DocumentService"};

}  // namespace

absl::Status Guarded(const Rpc& rpc, absl::FunctionRef<absl::Status()> fn) {
  std::string what;
  try {
    return fn();
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an unknown exception";
  }
  Log("ERROR", "a handler failed with an exception; the call fails alone",
      {{"method", std::string(rpc.decl.method + 1)}, {"exception", what}});
  return absl::InternalError(absl::StrCat(rpc.name(), " failed inside the server (", what,
                                          "); nothing was written; the server carries on"));
}

const std::vector<std::string>& ServedServiceNames() {
  static const auto* const kNames =
      new std::vector<std::string>(std::begin(kServices), std::end(kServices));
  return *kNames;
}

absl::StatusOr<std::vector<std::unique_ptr<grpc::Service>>> DeclaredServices(
    const ServiceEnv& env) {
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  absl::flat_hash_set<std::string> contract;
  for (const char* name : kServices) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    if (service == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("the contract has no service ", name));
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method = absl::StrCat("/", name, "/", service->method(i)->name());
      if (FindRpc(method) == nullptr) {
        return absl::FailedPreconditionError(
            absl::StrCat(method, " has no row in service/rpc_table.cc: declare who may call it"));
      }
      contract.insert(method);
    }
  }
  std::map<std::string, std::unique_ptr<DeclaredService>> by_service;
  for (const Rpc& rpc : RpcTable()) {
    if (!contract.contains(rpc.decl.method)) {
      return absl::FailedPreconditionError(
          absl::StrCat(rpc.decl.method, " in service/rpc_table.cc is not a method of the contract"));
    }
    auto& service = by_service[std::string(rpc.service())];
    if (!service) service = std::make_unique<DeclaredService>();
    service->Add(env, rpc);
  }
  std::vector<std::unique_ptr<grpc::Service>> out;
  for (auto& [name, service] : by_service) out.push_back(std::move(service));
  return out;
}

}  // namespace sec::service
