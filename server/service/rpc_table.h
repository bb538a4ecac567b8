#ifndef SEC_SERVICE_RPC_TABLE_H_
#define SEC_SERVICE_RPC_TABLE_H_

#include <google/protobuf/descriptor.h>
#include <grpcpp/impl/codegen/method_handler.h>
#include <grpcpp/impl/codegen/rpc_method.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "domain/authorization.h"

namespace sec::service {

struct ServiceEnv;

// Read or write (a write is one idempotent transaction), or a server stream.
enum class Access { kRead, kWrite, kStream };
// Who may see what the RPC reads or writes: public register data, one party's confidential
// credit data (that party, the DCC and SECAS), or a proposal's document: public unless marked
// confidential, then its party, SECAS and the Panel (domain MayReadDocument, on every read).
enum class Visibility { kPublic, kPartyConfidential, kProposalDocument };

// Everything a reviewer needs to know about one RPC, in one row of rpc_table.cc.
struct RpcDecl {
  // "/sec.v1.RegisterService/GetModification": the only place a method's name is written.
  const char* method;
  Access access;
  // The roles that may call it (any one of them).
  RoleSet roles;
  Visibility visibility = Visibility::kPublic;
  // The request field naming the party the call acts for or reads ("parent",
  // "instrument.party"): a PARTY principal acts only for its own party there (naming none
  // means its own). Null: the call is not scoped to a party by its request.
  const char* party_field = nullptr;
};

// A row of the table: the declaration and the handler that serves it.
struct Rpc {
  RpcDecl decl;
  const google::protobuf::Descriptor* request = nullptr;
  // The request's `request_id` field (AIP-155), looked up once here rather than by name on
  // every call; null when the request has none.
  const google::protobuf::FieldDescriptor* request_id = nullptr;
  grpc::internal::RpcMethod::RpcType type = grpc::internal::RpcMethod::NORMAL_RPC;
  // The gRPC method handler serving this row through `env` (dispatch.h makes it).
  std::function<grpc::internal::MethodHandler*(const ServiceEnv& env, const Rpc& rpc)> handler;

  absl::string_view service() const;  // "sec.v1.RegisterService"
  absl::string_view name() const;     // "GetModification"
};

// Every RPC of the three services, declared once (rpc_table.cc).
const std::vector<Rpc>& RpcTable();
// The row for a method ("/sec.v1.RegisterService/GetModification"); null when undeclared.
const Rpc* FindRpc(absl::string_view method);

}  // namespace sec::service

#endif  // SEC_SERVICE_RPC_TABLE_H_
