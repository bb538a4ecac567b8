// The document tables on both backends: numbering max+1 within the transaction, revisions in
// order, and chunk bytes (every value 0x00..0xFF, NULs included) read back exactly.
#include "storage/document_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/modification.h"
#include "storage/register_store.h"
#include "support/test_support.h"

namespace sec::storage {
namespace {

using ::sec::testing::BackendTest;

class DocumentStoreTest : public BackendTest {};

TEST_P(DocumentStoreTest, DocumentsRevisionsAndBinaryChunksRoundTrip) {
  std::string every;
  for (int i = 0; i < 256; ++i) every.push_back(static_cast<char>(i));
  const std::string chunk = absl::StrCat(every, every, std::string(3, '\0'));
  absl::Status written = store().Write([&](Tx& tx) -> absl::Status {
    if (auto s = InsertParty(tx, testing::MakeParty("british-gas")); !s.ok()) {
      return s;
    }
    Modification m;
    m.reference = FormatReference(26);
    m.title = "Documents";
    m.proposer = "british-gas";
    m.date_raised = Date(2017, 1, 2);
    m.version = 1;
    if (auto s = InsertModification(tx, m); !s.ok()) return s;
    StoredEvent raised;  // storage refuses a proposal's change without its event
    raised.resource = "modifications/SECMP0026";
    raised.kind = "raise";
    raised.effective_date = "2017-01-02";
    raised.principal = "test";
    if (auto s = AppendEvent(tx, raised); !s.ok()) return s;
    for (int k = 0; k < 2; ++k) {
      Document d;
      d.modification = m.reference;
      absl::StatusOr<int64_t> n = NextDocumentNumber(tx, m.reference);
      if (!n.ok()) return n.status();
      d.number = *n;
      d.kind = k == 0 ? DocumentKind::kModificationReport : DocumentKind::kConsultationResponse;
      d.title = absl::StrCat("doc ", k);
      d.party = k == 0 ? "" : "british-gas";
      d.confidential = k == 1;
      d.creator = "admin";
      d.create_time_us = 7;
      if (auto s = InsertDocument(tx, d); !s.ok()) return s;
    }
    for (int k = 0; k < 2; ++k) {
      DocumentRevision r;
      absl::StatusOr<int64_t> n = NextRevisionNumber(tx, m.reference, 2);
      if (!n.ok()) return n.status();
      r.number = *n;
      r.media_type = "application/pdf";
      r.size_bytes = static_cast<int64_t>(chunk.size());
      r.sha256 = std::string(64, 'a');
      r.uploader = "bg";
      if (auto s = InsertRevision(tx, m.reference, 2, r); !s.ok()) return s;
    }
    if (auto s = InsertChunk(tx, m.reference, 2, 2, 0, chunk); !s.ok()) return s;
    DocumentRevision done;
    done.number = 2;
    done.state = RevisionState::kComplete;
    done.received_bytes = static_cast<int64_t>(chunk.size());
    done.complete_time_us = 9;
    return UpdateRevision(tx, m.reference, 2, done);
  });
  ASSERT_TRUE(written.ok()) << written;
  ASSERT_TRUE(store()
                  .Read([&](Tx& tx) -> absl::Status {
                    absl::StatusOr<std::vector<Document>> all =
                        ListDocuments(tx, "SECMP0026", 0, 10);
                    EXPECT_TRUE(all.ok()) << all.status();
                    EXPECT_EQ(all->size(), 2u);
                    absl::StatusOr<Document> d = GetDocument(tx, "SECMP0026", 2);
                    EXPECT_TRUE(d.ok()) << d.status();
                    EXPECT_EQ(d->kind, DocumentKind::kConsultationResponse);
                    EXPECT_TRUE(d->confidential);
                    EXPECT_EQ(d->party, "british-gas");
                    EXPECT_EQ(d->revisions.size(), 2u);
                    EXPECT_EQ(d->revisions[0].state, RevisionState::kUploading);
                    EXPECT_EQ(d->revisions[1].state, RevisionState::kComplete);
                    EXPECT_EQ(d->revisions[1].complete_time_us, 9);
                    auto c = ReadChunkFrom(tx, "SECMP0026", 2, 2, 0);
                    EXPECT_TRUE(c.ok() && c->has_value());
                    EXPECT_EQ((*c)->data.size(), chunk.size());
                    EXPECT_TRUE((*c)->data == chunk) << "the bytes differ";
                    EXPECT_FALSE(ReadChunkFrom(tx, "SECMP0026", 2, 2, 1)->has_value());
                    EXPECT_TRUE(absl::IsNotFound(GetDocument(tx, "SECMP0026", 3).status()));
                    return absl::OkStatus();
                  })
                  .ok());
}

SEC_INSTANTIATE_BACKENDS(DocumentStoreTest);

}  // namespace
}  // namespace sec::storage
