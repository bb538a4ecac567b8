// DocumentService scenarios through the public API, on SQLite and MariaDB: a document three
// times the message limit uploaded in chunks and streamed back with its hash; a hash mismatch
// refused and changing nothing; a confidential response seen by its party, SECAS and the Panel
// only, on every read path; a retried chunk not added twice.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "sec/v1/document.grpc.pb.h"
#include "service/governance_fixture.h"
#include "service/sha256.h"
#include "storage/register_store.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int kMessageLimit = 4 << 20;  // the server's default max message size
constexpr int kChunk = 1 << 20;

// Every byte value first (0x00..0xFF), then a pattern that does not repeat every 256 bytes.
std::string Bytes(size_t n) {
  std::string out(n, '\0');
  for (size_t i = 0; i < n; ++i) {
    out[i] = static_cast<char>(i < 256 ? i : (i * 7919 + i / 251) & 0xFF);
  }
  return out;
}

class DocumentServiceTest : public GovernanceServiceTest {
 protected:
  void SetUp() override {
    GovernanceServiceTest::SetUp();
    if (HasFatalFailure()) return;
    doc_ = v1::DocumentService::NewStub(server().channel());
    mod_ = Raise("Documents");
  }

  grpc::Status Create(const std::string& who, v1::DocumentKind kind, const std::string& party,
                      bool confidential, v1::Document* out) {
    v1::CreateDocumentRequest req;
    req.set_parent(mod_);
    req.mutable_document()->set_kind(kind);
    req.mutable_document()->set_title("A document");
    req.mutable_document()->set_party(party);
    req.mutable_document()->set_confidential(confidential);
    return doc_->CreateDocument(Ctx(who).get(), req, out);
  }

  grpc::Status Open(const std::string& who, const std::string& doc, int64_t size,
                    const std::string& sha, v1::DocumentRevision* out) {
    v1::CreateDocumentRevisionRequest req;
    req.set_parent(doc);
    req.mutable_revision()->set_media_type("application/pdf");
    req.mutable_revision()->set_size_bytes(size);
    req.mutable_revision()->set_sha256(sha);
    return doc_->CreateDocumentRevision(Ctx(who).get(), req, out);
  }

  grpc::Status Append(const std::string& who, const std::string& rev, int64_t offset,
                      const std::string& data, v1::DocumentRevision* out,
                      const std::string& request_id = "") {
    v1::AppendDocumentChunkRequest req;
    req.set_name(rev);
    req.set_offset(offset);
    req.set_data(data);
    req.set_request_id(request_id);
    return doc_->AppendDocumentChunk(Ctx(who).get(), req, out);
  }

  // Uploads `bytes` as a new revision of `doc` in 1 MiB chunks; the last answer.
  v1::DocumentRevision Upload(const std::string& who, const std::string& doc,
                              const std::string& bytes) {
    v1::DocumentRevision rev;
    grpc::Status s =
        Open(who, doc, static_cast<int64_t>(bytes.size()), service::Sha256Hex(bytes), &rev);
    EXPECT_TRUE(s.ok()) << s.error_message();
    const std::string name = rev.name();
    for (size_t at = 0; at < bytes.size(); at += kChunk) {
      s = Append(who, name, static_cast<int64_t>(at), bytes.substr(at, kChunk), &rev);
      EXPECT_TRUE(s.ok()) << at << ": " << s.error_message();
    }
    return rev;
  }

  // Streams `name` back as `who`: the bytes, and the revision its first chunk names.
  grpc::Status Download(const std::string& who, const std::string& name, std::string* bytes,
                        v1::DocumentRevision* rev = nullptr, int* chunks = nullptr) {
    v1::ReadDocumentRequest req;
    req.set_name(name);
    auto ctx = Ctx(who);
    auto reader = doc_->ReadDocument(ctx.get(), req);
    v1::DocumentChunk chunk;
    bytes->clear();
    int n = 0;
    while (reader->Read(&chunk)) {
      EXPECT_EQ(chunk.offset(), static_cast<int64_t>(bytes->size()));
      EXPECT_EQ(chunk.has_revision(), n == 0);
      if (n == 0 && rev != nullptr) *rev = chunk.revision();
      bytes->append(chunk.data());
      ++n;
    }
    if (chunks != nullptr) *chunks = n;
    return reader->Finish();
  }

  grpc::Status GetDoc(const std::string& who, const std::string& name, v1::Document* out) {
    v1::GetDocumentRequest req;
    req.set_name(name);
    return doc_->GetDocument(Ctx(who).get(), req, out);
  }

  std::vector<std::string> ListNames(const std::string& who) {
    v1::ListDocumentsRequest req;
    req.set_parent(mod_);
    v1::ListDocumentsResponse out;
    grpc::Status s = doc_->ListDocuments(Ctx(who).get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::string> names;
    for (const v1::Document& d : out.documents()) names.push_back(d.name());
    return names;
  }

  // Every history event's resource and JSON, from the store itself.
  std::string History() {
    std::string all;
    absl::Status s = store().Read([&](storage::Tx& tx) -> absl::Status {
      auto events = storage::ListEventsBetween(tx, 0, 1 << 30, 100000);
      if (!events.ok()) return events.status();
      for (const auto& e : *events) {
        absl::StrAppend(&all, e.resource, " ", e.kind, " ", e.after_json, "\n");
      }
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return all;
  }

  std::unique_ptr<v1::DocumentService::Stub> doc_;
  std::string mod_;
};

TEST_P(DocumentServiceTest, ADocumentThreeTimesTheMessageLimitRoundTripsWithItsHash) {
  v1::Document d;
  ASSERT_TRUE(Create("admin", v1::DOCUMENT_KIND_MODIFICATION_REPORT, "", false, &d).ok());
  EXPECT_EQ(d.name(), mod_ + "/documents/1");
  const std::string bytes = Bytes(3 * kMessageLimit + 12345);
  const std::string sha = service::Sha256Hex(bytes);

  const v1::DocumentRevision rev = Upload("admin", d.name(), bytes);
  EXPECT_EQ(rev.name(), d.name() + "/revisions/1");
  EXPECT_EQ(rev.state(), v1::DOCUMENT_REVISION_STATE_COMPLETE);
  EXPECT_EQ(rev.received_bytes(), static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(rev.sha256(), sha);
  EXPECT_EQ(rev.uploader(), d.creator());
  EXPECT_TRUE(rev.has_complete_time());

  // Back by the document's name (its latest complete revision) and by the revision's.
  for (const std::string& name : {d.name(), rev.name()}) {
    std::string back;
    v1::DocumentRevision first;
    int chunks = 0;
    grpc::Status s = Download("bg", name, &back, &first, &chunks);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(back.size(), bytes.size());
    EXPECT_TRUE(back == bytes) << "the bytes differ";
    EXPECT_EQ(service::Sha256Hex(back), sha);
    EXPECT_EQ(first.sha256(), sha);
    EXPECT_EQ(first.media_type(), "application/pdf");
    EXPECT_EQ(chunks, 13);
  }

  // A second revision, listed after the first; the document now reads as it.
  const std::string two = Bytes(300);
  EXPECT_EQ(Upload("admin", d.name(), two).name(), d.name() + "/revisions/2");
  std::string back;
  ASSERT_TRUE(Download("panel", d.name(), &back).ok());
  EXPECT_TRUE(back == two);
  v1::Document got;
  ASSERT_TRUE(GetDoc("dcc", d.name(), &got).ok());
  ASSERT_EQ(got.revisions_size(), 2);
  EXPECT_EQ(got.revisions(0).sha256(), sha);
  EXPECT_EQ(got.revisions(1).size_bytes(), 300);
  // Public: its writes are in the history.
  EXPECT_THAT(History(), HasSubstr(d.name() + "/revisions/1 document_revision_complete"));
}

TEST_P(DocumentServiceTest, ARefusedChunkChangesNothing) {
  v1::Document d;
  ASSERT_TRUE(Create("admin", v1::DOCUMENT_KIND_DECISION_LETTER, "", false, &d).ok());
  const std::string bytes = Bytes(kChunk + 10);
  v1::DocumentRevision rev;
  // Declared with another document's hash.
  ASSERT_TRUE(Open("admin", d.name(), static_cast<int64_t>(bytes.size()),
                   service::Sha256Hex("something else"), &rev)
                  .ok());
  ASSERT_TRUE(Append("admin", rev.name(), 0, bytes.substr(0, kChunk), &rev).ok());
  EXPECT_EQ(rev.received_bytes(), kChunk);
  const std::string before = testing::DumpStore(store());

  grpc::Status s = Append("admin", rev.name(), kChunk, bytes.substr(kChunk), &rev);
  EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::FAILED_PRECONDITION));
  EXPECT_EQ(testing::ErrorReason(s), "SHA256_MISMATCH");
  EXPECT_THAT(s.error_message(), HasSubstr(service::Sha256Hex(bytes)));
  // At the wrong offset, past the declared size, empty.
  s = Append("admin", rev.name(), 5, "x", &rev);
  EXPECT_EQ(testing::ErrorReason(s), "CHUNK_OFFSET");
  EXPECT_THAT(s.error_message(), HasSubstr("starts at offset 1048576"));
  s = Append("admin", rev.name(), kChunk, std::string(11, 'x'), &rev);
  EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(testing::ViolatedField(s), "data");
  s = Append("admin", rev.name(), kChunk, "", &rev);
  EXPECT_EQ(testing::ViolatedField(s), "data");
  EXPECT_EQ(testing::DumpStore(store()), before) << "a refused chunk changed the store";

  // Not readable until complete.
  std::string back;
  s = Download("admin", rev.name(), &back);
  EXPECT_EQ(testing::ErrorReason(s), "REVISION_INCOMPLETE");
  EXPECT_THAT(Download("admin", d.name(), &back), testing::StatusIs(grpc::StatusCode::NOT_FOUND));

  // Bad declarations.
  EXPECT_EQ(testing::ViolatedField(Open("admin", d.name(), 10, "ABC", &rev)), "revision.sha256");
  EXPECT_EQ(testing::ViolatedField(
                Open("admin", d.name(), (16 << 20) + 1, service::Sha256Hex("x"), &rev)),
            "revision.size_bytes");
  v1::CreateDocumentRevisionRequest bad;
  bad.set_parent(d.name());
  bad.mutable_revision()->set_media_type("pdf");
  bad.mutable_revision()->set_size_bytes(1);
  bad.mutable_revision()->set_sha256(service::Sha256Hex("x"));
  s = doc_->CreateDocumentRevision(Ctx("admin").get(), bad, &rev);
  EXPECT_EQ(testing::ViolatedField(s), "revision.media_type");
  v1::Document none;
  s = Create("admin", v1::DOCUMENT_KIND_UNSPECIFIED, "", false, &none);
  EXPECT_EQ(testing::ViolatedField(s), "document.kind");
  EXPECT_EQ(testing::DumpStore(store()), before);
}

TEST_P(DocumentServiceTest, AConfidentialResponseIsSeenByItsPartySecasAndThePanelOnly) {
  v1::Document pub;
  ASSERT_TRUE(Create("admin", v1::DOCUMENT_KIND_CONSULTATION_DOCUMENT, "", false, &pub).ok());
  v1::Document conf;
  grpc::Status s = Create("bg", v1::DOCUMENT_KIND_CONSULTATION_RESPONSE, "", true, &conf);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(conf.party(), "parties/british-gas");
  EXPECT_TRUE(conf.confidential());
  const std::string bytes = Bytes(5000);
  EXPECT_EQ(Upload("bg", conf.name(), bytes).state(), v1::DOCUMENT_REVISION_STATE_COMPLETE);

  for (const char* who : {"bg", "admin", "panel", "edf", "dcc", "authority", "cb", "sos"}) {
    SCOPED_TRACE(who);
    const bool may =
        std::string(who) == "bg" || std::string(who) == "admin" || std::string(who) == "panel";
    v1::Document got;
    s = GetDoc(who, conf.name(), &got);
    if (may) {
      EXPECT_TRUE(s.ok()) << s.error_message();
    } else {
      EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::NOT_FOUND));
    }
    if (may) {
      EXPECT_THAT(ListNames(who), ElementsAre(pub.name(), conf.name()));
    } else {
      EXPECT_THAT(ListNames(who), ElementsAre(pub.name()));
    }
    std::string back;
    s = Download(who, conf.name(), &back);
    EXPECT_EQ(s.ok(), may) << s.error_message();
    if (may) {
      EXPECT_TRUE(back == bytes);
    } else {
      EXPECT_THAT(Download(who, conf.name() + "/revisions/1", &back),
                  testing::StatusIs(grpc::StatusCode::NOT_FOUND));
    }
  }
  // No other party adds to it; its history stays out of the public record.
  v1::DocumentRevision rev;
  EXPECT_THAT(Open("edf", conf.name(), 1, service::Sha256Hex("x"), &rev),
              testing::StatusIs(grpc::StatusCode::NOT_FOUND));
  const std::string history = History();
  EXPECT_THAT(history, HasSubstr(pub.name() + " document_create"));
  EXPECT_THAT(history, ::testing::Not(HasSubstr(conf.name())));

  // A party adds only its own consultation responses.
  v1::Document other;
  s = Create("bg", v1::DOCUMENT_KIND_MODIFICATION_REPORT, "", false, &other);
  EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(testing::ErrorReason(s), "DOCUMENT_KIND");
  s = Create("bg", v1::DOCUMENT_KIND_CONSULTATION_RESPONSE, "parties/edf-energy", false, &other);
  EXPECT_EQ(testing::ErrorReason(s), "OTHER_PARTY");
  // A public response of bg's: edf sees it and may not revise it.
  ASSERT_TRUE(Create("bg", v1::DOCUMENT_KIND_CONSULTATION_RESPONSE, "", false, &other).ok());
  s = Open("edf", other.name(), 1, service::Sha256Hex("x"), &rev);
  EXPECT_THAT(s, testing::StatusIs(grpc::StatusCode::PERMISSION_DENIED));
  EXPECT_EQ(testing::ErrorReason(s), "OTHER_PARTY");
  // SECAS files a confidential document only for a party.
  s = Create("admin", v1::DOCUMENT_KIND_OTHER, "", true, &other);
  EXPECT_EQ(testing::ViolatedField(s), "document.party");
}

TEST_P(DocumentServiceTest, ARetriedChunkIsNotAddedTwice) {
  v1::Document d;
  ASSERT_TRUE(Create("admin", v1::DOCUMENT_KIND_OTHER, "", false, &d).ok());
  const std::string bytes = Bytes(3000);
  v1::DocumentRevision rev;
  ASSERT_TRUE(Open("admin", d.name(), 3000, service::Sha256Hex(bytes), &rev).ok());
  const std::string name = rev.name();
  v1::DocumentRevision first, again;
  const std::string id = "6f1c1b8e-5d1a-4a55-9a0e-1f2d3c4b5a69";
  ASSERT_TRUE(Append("admin", name, 0, bytes.substr(0, 1000), &first, id).ok());
  ASSERT_TRUE(Append("admin", name, 0, bytes.substr(0, 1000), &again, id).ok());
  EXPECT_EQ(again.received_bytes(), 1000);
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  ASSERT_TRUE(Append("admin", name, 1000, bytes.substr(1000), &rev).ok());
  EXPECT_EQ(rev.state(), v1::DOCUMENT_REVISION_STATE_COMPLETE);
  std::string back;
  ASSERT_TRUE(Download("edf", d.name(), &back).ok());
  EXPECT_TRUE(back == bytes);
}

SEC_INSTANTIATE_BACKENDS(DocumentServiceTest);

}  // namespace
}  // namespace sec
