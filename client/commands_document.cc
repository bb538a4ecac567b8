// secctl commands for DocumentService: documents on a proposal, uploaded and downloaded in
// chunks (a revision holds up to 16 MiB; a message carries at most 4 MiB).
#include <openssl/evp.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli.h"
#include "sec/v1/document.grpc.pb.h"

namespace sec::cli {
namespace {

using Stub = v1::DocumentService::Stub;

constexpr size_t kChunkBytes = 1 << 20;  // the server's largest chunk (README "Documents")

std::string Mod(const std::string& id) { return Named(id, "modifications/"); }

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(data.data(), data.size(), digest, &n, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), n));
}

// A media type from the file's extension, for the common document formats.
std::string GuessMediaType(const std::string& path) {
  const std::string lower = absl::AsciiStrToLower(path);
  const std::pair<const char*, const char*> kTypes[] = {
      {".pdf", "application/pdf"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {".doc", "application/msword"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {".odt", "application/vnd.oasis.opendocument.text"},
      {".txt", "text/plain"},
      {".md", "text/markdown"},
      {".html", "text/html"},
      {".csv", "text/csv"}};
  for (const auto& [ext, type] : kTypes) {
    if (absl::EndsWith(lower, ext)) return type;
  }
  return "application/octet-stream";
}

std::vector<std::string> DocumentRow(const v1::Document& d) {
  const v1::DocumentRevision* last = d.revisions().empty() ? nullptr : &*d.revisions().rbegin();
  return {d.name(),
          ShortEnum(v1::DocumentKind_Name(d.kind()), "DOCUMENT_KIND_"),
          d.title(),
          d.party(),
          d.confidential() ? "yes" : "no",
          absl::StrCat(d.revisions_size()),
          last ? absl::StrCat(last->size_bytes()) : "",
          last ? last->sha256() : ""};
}

int DocumentsAdd(Cli& cli, const Args& args) {
  const std::string path = args.Get("file");
  absl::StatusOr<std::string> read = ReadInputFile(path);
  if (!read.ok()) return cli.UsageError(absl::StrCat("--file: ", read.status().message()));
  const std::string& bytes = *read;

  std::string document = args.Get("document");
  if (document.empty()) {
    v1::CreateDocumentRequest req;
    req.set_parent(Mod(args.positional[0]));
    v1::DocumentKind kind;
    if (!ParseEnum<v1::DocumentKind>(v1::DocumentKind_Parse, "DOCUMENT_KIND_", args.Get("kind"),
                                     &kind)) {
      return cli.UsageError(
          "--kind: initial-modification-report, modification-report, consultation-document, "
          "consultation-response, decision-letter or other");
    }
    req.mutable_document()->set_kind(kind);
    std::string title = args.Get("title");
    if (title.empty()) title = path.substr(path.find_last_of('/') + 1);
    req.mutable_document()->set_title(title);
    if (args.Has("party")) req.mutable_document()->set_party(Named(args.Get("party"), "parties/"));
    req.mutable_document()->set_confidential(args.Has("confidential"));
    req.set_request_id(RequestId(args));
    v1::Document d;
    if (grpc::Status s = Send(cli, &Stub::CreateDocument, req, &d); !s.ok()) return cli.Fail(s);
    document = d.name();
  } else {
    document = absl::StrCat(Mod(args.positional[0]), "/documents/", document);
  }

  v1::CreateDocumentRevisionRequest open;
  open.set_parent(document);
  open.mutable_revision()->set_media_type(args.Has("media-type") ? args.Get("media-type")
                                                                 : GuessMediaType(path));
  open.mutable_revision()->set_size_bytes(static_cast<int64_t>(bytes.size()));
  open.mutable_revision()->set_sha256(Sha256Hex(bytes));
  open.set_request_id(NewRequestId());
  v1::DocumentRevision rev;
  if (grpc::Status s = Send(cli, &Stub::CreateDocumentRevision, open, &rev); !s.ok()) {
    return cli.Fail(s);
  }
  // Each chunk with a request id of its own: gRPC's retry of an UNAVAILABLE call adds it once.
  for (size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    v1::AppendDocumentChunkRequest chunk;
    chunk.set_name(rev.name());
    chunk.set_offset(static_cast<int64_t>(at));
    chunk.set_data(bytes.substr(at, kChunkBytes));
    chunk.set_request_id(NewRequestId());
    if (grpc::Status s = Send(cli, &Stub::AppendDocumentChunk, chunk, &rev); !s.ok()) {
      return cli.Fail(s);
    }
  }
  cli.PrintMessage(rev);
  return 0;
}

int DocumentsList(Cli& cli, const Args& args) {
  v1::ListDocumentsRequest req;
  req.set_parent(Mod(args.positional[0]));
  v1::ListDocumentsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListDocuments, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& d : resp.documents()) rows.push_back(DocumentRow(d));
  cli.Print(resp,
            {"NAME", "KIND", "TITLE", "PARTY", "CONFIDENTIAL", "REVISIONS", "BYTES", "SHA256"},
            rows);
  return 0;
}

int DocumentsGet(Cli& cli, const Args& args) {
  v1::ReadDocumentRequest req;
  std::string name = Mod(args.positional[0]);
  if (args.Has("revision")) name = absl::StrCat(name, "/revisions/", args.GetInt("revision", 0));
  req.set_name(name);
  const std::string out_path = args.Get("out");
  if (out_path.empty()) return cli.UsageError("--out: the file to write the document to");
  Stub stub(cli.channel());
  auto ctx = cli.Context();
  auto reader = stub.ReadDocument(ctx.get(), req);
  v1::DocumentChunk chunk;
  v1::DocumentRevision rev;
  std::string bytes;
  while (reader->Read(&chunk)) {
    if (chunk.has_revision()) rev = chunk.revision();
    bytes.append(chunk.data());
  }
  if (grpc::Status s = reader->Finish(); !s.ok()) return cli.Fail(s);
  const std::string actual = Sha256Hex(bytes);
  if (actual != rev.sha256() || static_cast<int64_t>(bytes.size()) != rev.size_bytes()) {
    cli.err() << "secctl: " << rev.name() << ": received " << bytes.size() << " bytes hashing to "
              << actual << ", not " << rev.size_bytes() << " bytes hashing to " << rev.sha256()
              << "; nothing written\n";
    return ExitCodeFor(grpc::Status(grpc::StatusCode::DATA_LOSS, ""));
  }
  std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return cli.UsageError(absl::StrCat("--out: cannot write ", out_path));
  cli.PrintMessage(rev);
  return 0;
}

}  // namespace

void AddDocumentCommands(std::vector<Command>* out) {
  out->push_back(
      {"modifications documents add",
       "Upload a document (or, with --document N, a new revision of one) to a proposal, in "
       "chunks, its SHA-256 checked by the server",
       "SECMPnnnn",
       {{"kind",
         "initial-modification-report, modification-report, consultation-document, "
         "consultation-response, decision-letter or other"},
        {"file", "the file to upload (at most 16 MiB)"},
        {"media-type", "type/subtype (default from the file's extension)"},
        {"title", "title (default the file's name)"},
        {"party", "the party whose document it is (a consultation response's)"},
        {"confidential", "seen only by its party, SECAS and the Panel", FlagKind::kSwitch},
        {"document", "add a revision to this document number instead", FlagKind::kText},
        RequestIdFlag()},
       DocumentsAdd});
  out->push_back({"modifications documents list",
                  "A proposal's documents you may see",
                  "SECMPnnnn",
                  {},
                  DocumentsList});
  out->push_back({"modifications documents get",
                  "Download a document (its latest revision, or --revision N) to a file, its "
                  "SHA-256 checked",
                  "SECMPnnnn/documents/N",
                  {{"revision", "revision number", FlagKind::kInt}, {"out", "the file to write"}},
                  DocumentsGet});
}

}  // namespace sec::cli
