// The document rules (domain/document.h): names, who adds and who sees, what a revision and a
// chunk may be.
#include "domain/document.h"

#include <string>

#include "absl/status/status.h"
#include "domain/bounds.h"
#include "domain/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sec {
namespace {

using ::testing::HasSubstr;

const Principal kSecas("admin", {Role::kSecas});
const Principal kPanel("panel", {Role::kPanel});
const Principal kDcc("dcc", {Role::kDcc});
const Principal kBg("bg", {Role::kParty}, "british-gas");
const Principal kEdf("edf", {Role::kParty}, "edf-energy");

std::string FieldOfStatus(const absl::Status& s) { return FieldOf(s).value_or(""); }
std::string Reason(const absl::Status& s) {
  auto r = ReasonOf(s);
  return r ? r->reason : "";
}

TEST(DocumentTest, NamesRoundTripAndOthersAreRefused) {
  EXPECT_EQ(DocumentName("SECMP0026", 3), "modifications/SECMP0026/documents/3");
  EXPECT_EQ(RevisionName("SECMP0026", 3, 2), "modifications/SECMP0026/documents/3/revisions/2");
  auto d = ParseDocumentName("modifications/SECMP0026/documents/3", "name", false);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->modification, "SECMP0026");
  EXPECT_EQ(d->document, 3);
  EXPECT_EQ(d->revision, 0);
  auto r = ParseDocumentName("modifications/SECMP0026/documents/3/revisions/2", "name", true);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->revision, 2);
  for (const char* bad :
       {"modifications/SECMP0026/documents/0", "modifications/SECMP0026/documents/03",
        "modifications/SECMP0026/documents/-1", "modifications/SECMP26/documents/1",
        "modifications/SECMP0026/documents/1/revisions/0", "modifications/SECMP0026/costs/1",
        "modifications/SECMP0026/documents/x", ""}) {
    EXPECT_EQ(FieldOfStatus(ParseDocumentName(bad, "name", true).status()), "name") << bad;
  }
  // A revision where only a document is allowed.
  EXPECT_FALSE(
      ParseDocumentName("modifications/SECMP0026/documents/3/revisions/2", "parent", false).ok());
}

TEST(DocumentTest, AConfidentialDocumentIsSeenByItsPartySecasAndThePanelOnly) {
  Document d;
  d.modification = "SECMP0026";
  d.number = 1;
  d.party = "british-gas";
  for (const Principal* p : {&kSecas, &kPanel, &kDcc, &kBg, &kEdf}) {
    EXPECT_TRUE(MayReadDocument(*p, d)) << p->name;
  }
  d.confidential = true;
  EXPECT_TRUE(MayReadDocument(kSecas, d));
  EXPECT_TRUE(MayReadDocument(kPanel, d));
  EXPECT_TRUE(MayReadDocument(kBg, d));
  EXPECT_FALSE(MayReadDocument(kDcc, d));
  EXPECT_FALSE(MayReadDocument(kEdf, d));
  EXPECT_TRUE(absl::IsNotFound(RequireReadable(kEdf, d)));
}

TEST(DocumentTest, APartyAddsOnlyItsOwnConsultationResponses) {
  Document d;
  d.title = "Response";
  d.kind = DocumentKind::kConsultationResponse;
  d.party = "british-gas";
  EXPECT_TRUE(CheckNewDocument(kBg, d).ok());
  d.kind = DocumentKind::kModificationReport;
  EXPECT_EQ(Reason(CheckNewDocument(kBg, d)), "DOCUMENT_KIND");
  EXPECT_TRUE(CheckNewDocument(kSecas, d).ok());
  d.party = "";
  d.confidential = true;
  EXPECT_EQ(FieldOfStatus(CheckNewDocument(kSecas, d)), "document.party");
  d.confidential = false;
  d.title = "";
  EXPECT_EQ(FieldOfStatus(CheckNewDocument(kSecas, d)), "document.title");
  d.title = "x";
  d.party = "british-gas";
  EXPECT_TRUE(CheckMayRevise(kBg, d).ok());
  EXPECT_TRUE(CheckMayRevise(kSecas, d).ok());
  EXPECT_EQ(Reason(CheckMayRevise(kEdf, d)), "OTHER_PARTY");
  EXPECT_FALSE(CheckMayRevise(kPanel, d).ok());
}

TEST(DocumentTest, ARevisionDeclaresAMediaTypeASizeAndAHash) {
  DocumentRevision r;
  r.media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  r.size_bytes = bounds::kDocumentBytes;
  r.sha256 = std::string(64, 'f');
  EXPECT_TRUE(ValidateNewRevision(r).ok());
  for (const char* bad : {"pdf", "application/", "/pdf", "application/pdf/x", "text/plain; x=1",
                          "application/p df", "-a/b"}) {
    r.media_type = bad;
    EXPECT_EQ(FieldOfStatus(ValidateNewRevision(r)), "revision.media_type") << bad;
  }
  r.media_type = "application/pdf";
  for (int64_t size : {int64_t{0}, int64_t{-1}, bounds::kDocumentBytes + 1}) {
    r.size_bytes = size;
    EXPECT_EQ(FieldOfStatus(ValidateNewRevision(r)), "revision.size_bytes") << size;
  }
  r.size_bytes = 1;
  for (const std::string& bad :
       {std::string(63, 'a'), std::string(64, 'A'), std::string(64, 'g')}) {
    r.sha256 = bad;
    EXPECT_EQ(FieldOfStatus(ValidateNewRevision(r)), "revision.sha256") << bad;
  }
}

TEST(DocumentTest, ChunksComeInOrderWithinTheDeclaredSize) {
  DocumentRevision r;
  r.size_bytes = 3 << 20;
  r.received_bytes = 1 << 20;
  r.sha256 = std::string(64, 'a');
  EXPECT_TRUE(CheckChunk(r, "rev", 1 << 20, 1 << 20).ok());
  absl::Status s = CheckChunk(r, "rev", 0, 10);
  EXPECT_EQ(Reason(s), "CHUNK_OFFSET");
  EXPECT_THAT(s.message(), HasSubstr("starts at offset 1048576"));
  EXPECT_EQ(FieldOfStatus(CheckChunk(r, "rev", 1 << 20, 0)), "data");
  EXPECT_EQ(FieldOfStatus(CheckChunk(r, "rev", 1 << 20, (1 << 20) + 1)), "data");
  r.received_bytes = (3 << 20) - 5;
  EXPECT_EQ(FieldOfStatus(CheckChunk(r, "rev", r.received_bytes, 6)), "data");
  EXPECT_TRUE(CheckChunk(r, "rev", r.received_bytes, 5).ok());
  r.state = RevisionState::kComplete;
  EXPECT_EQ(Reason(CheckChunk(r, "rev", r.received_bytes, 5)), "REVISION_COMPLETE");
  EXPECT_TRUE(CheckSha256(r, "rev", std::string(64, 'a')).ok());
  s = CheckSha256(r, "rev", std::string(64, 'b'));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(s), "SHA256_MISMATCH");
}

TEST(DocumentTest, TheLatestCompleteRevisionIsRead) {
  Document d;
  d.modification = "SECMP0026";
  d.number = 1;
  EXPECT_TRUE(absl::IsNotFound(LatestComplete(d).status()));
  DocumentRevision a, b;
  a.number = 1;
  a.state = RevisionState::kComplete;
  b.number = 2;  // still uploading
  d.revisions = {a, b};
  ASSERT_TRUE(LatestComplete(d).ok());
  EXPECT_EQ(LatestComplete(d)->number, 1);
}

}  // namespace
}  // namespace sec
