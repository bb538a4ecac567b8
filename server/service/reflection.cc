#include "service/reflection.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "grpc/health/v1/health.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace sec::service {
namespace {

namespace v1 = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

// grpc.reflection.v1 over the generated pool: the same answers as the library's v1alpha.
class ReflectionV1 final : public v1::ServerReflection::Service {
 public:
  // The server's own list of registered services, read at each call (set when it is built).
  void SetServiceList(const std::vector<std::string>* services) { services_ = services; }

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* /*ctx*/,
      grpc::ServerReaderWriter<v1::ServerReflectionResponse, v1::ServerReflectionRequest>* stream)
      override {
    v1::ServerReflectionRequest request;
    while (stream->Read(&request)) {
      if (!stream->Write(Answer(request))) break;
    }
    return grpc::Status::OK;
  }

 private:
  v1::ServerReflectionResponse Answer(const v1::ServerReflectionRequest& request) const {
    v1::ServerReflectionResponse response;
    response.set_valid_host(request.host());
    *response.mutable_original_request() = request;
    const grpc::Status s = Fill(request, &response);
    if (!s.ok()) {
      response.mutable_error_response()->set_error_code(s.error_code());
      response.mutable_error_response()->set_error_message(s.error_message());
    }
    return response;
  }

  grpc::Status Fill(const v1::ServerReflectionRequest& request,
                    v1::ServerReflectionResponse* response) const {
    const DescriptorPool* pool = DescriptorPool::generated_pool();
    switch (request.message_request_case()) {
      case v1::ServerReflectionRequest::kListServices:
        if (services_ == nullptr) return {grpc::StatusCode::NOT_FOUND, "Services not found."};
        for (const std::string& name : *services_) {
          response->mutable_list_services_response()->add_service()->set_name(name);
        }
        return grpc::Status::OK;
      case v1::ServerReflectionRequest::kFileByFilename:
        return Files(pool->FindFileByName(request.file_by_filename()), "File", response);
      case v1::ServerReflectionRequest::kFileContainingSymbol:
        return Files(pool->FindFileContainingSymbol(request.file_containing_symbol()), "Symbol",
                     response);
      case v1::ServerReflectionRequest::kFileContainingExtension: {
        const auto& ext = request.file_containing_extension();
        const google::protobuf::Descriptor* type =
            pool->FindMessageTypeByName(ext.containing_type());
        if (type == nullptr) return {grpc::StatusCode::NOT_FOUND, "Type not found."};
        const google::protobuf::FieldDescriptor* field =
            pool->FindExtensionByNumber(type, ext.extension_number());
        return Files(field ? field->file() : nullptr, "Extension", response);
      }
      case v1::ServerReflectionRequest::kAllExtensionNumbersOfType: {
        const std::string& name = request.all_extension_numbers_of_type();
        const google::protobuf::Descriptor* type = pool->FindMessageTypeByName(name);
        if (type == nullptr) return {grpc::StatusCode::NOT_FOUND, "Type not found."};
        std::vector<const google::protobuf::FieldDescriptor*> extensions;
        pool->FindAllExtensions(type, &extensions);
        auto* out = response->mutable_all_extension_numbers_response();
        out->set_base_type_name(name);
        for (const auto* e : extensions) out->add_extension_number(e->number());
        return grpc::Status::OK;
      }
      default:
        return {grpc::StatusCode::UNIMPLEMENTED, ""};
    }
  }

  // The file and every file it imports, each once, as serialized FileDescriptorProtos.
  static grpc::Status Files(const FileDescriptor* file, const char* what,
                            v1::ServerReflectionResponse* response) {
    if (file == nullptr) return {grpc::StatusCode::NOT_FOUND, std::string(what) + " not found."};
    absl::flat_hash_set<std::string> seen;
    std::vector<const FileDescriptor*> todo = {file};
    while (!todo.empty()) {
      const FileDescriptor* f = todo.back();
      todo.pop_back();
      if (!seen.insert(f->name()).second) continue;
      google::protobuf::FileDescriptorProto proto;
      f->CopyTo(&proto);
      response->mutable_file_descriptor_response()->add_file_descriptor_proto(
          proto.SerializeAsString());
      for (int i = 0; i < f->dependency_count(); ++i) todo.push_back(f->dependency(i));
    }
    return grpc::Status::OK;
  }

  const std::vector<std::string>* services_ = nullptr;
};

class ReflectionV1Plugin final : public grpc::ServerBuilderPlugin {
 public:
  std::string name() override { return "sec_reflection_v1"; }
  void InitServer(grpc::ServerInitializer* si) override { si->RegisterService(service_); }
  void Finish(grpc::ServerInitializer* si) override {
    service_->SetServiceList(si->GetServiceList());
  }
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return true; }

 private:
  std::shared_ptr<ReflectionV1> service_ = std::make_shared<ReflectionV1>();
};

// Registers nothing; says the server has synchronous methods. The default health service is
// added only as the server starts, after the builder has chosen which completion queues to
// poll, so a server left with health alone would have none and refuse to build ("At least one
// of the completion queues must be frequently polled"); the reflection plugin used to hide
// that on the health-only port.
class SyncQueuesPlugin final : public grpc::ServerBuilderPlugin {
 public:
  std::string name() override { return "sec_sync_queues"; }
  void InitServer(grpc::ServerInitializer* /*si*/) override {}
  void Finish(grpc::ServerInitializer* /*si*/) override {}
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return true; }
};

// Removes the plugin the reflection library registers for every server, whether or not its
// static initialiser has run.
void DropLibraryReflection(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) {
  const std::string library = grpc::reflection::ProtoServerReflectionPlugin().name();
  plugins->erase(std::remove_if(plugins->begin(), plugins->end(),
                                [&](const auto& p) { return p->name() == library; }),
                 plugins->end());
}

class ReflectionOption final : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionOption(bool serve) : serve_(serve) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    DropLibraryReflection(plugins);
    if (!serve_) {
      plugins->push_back(std::make_unique<SyncQueuesPlugin>());
      return;
    }
    // The health service gRPC serves is described from health.proto compiled into secd; this
    // reference keeps its generated file (and so its descriptor) linked in.
    grpc::health::v1::HealthCheckRequest::descriptor();
    plugins->push_back(std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>());
    plugins->push_back(std::make_unique<ReflectionV1Plugin>());
  }

 private:
  bool serve_;
};

}  // namespace

std::unique_ptr<grpc::ServerBuilderOption> WithReflection() {
  return std::make_unique<ReflectionOption>(true);
}

std::unique_ptr<grpc::ServerBuilderOption> WithoutReflection() {
  return std::make_unique<ReflectionOption>(false);
}

}  // namespace sec::service
