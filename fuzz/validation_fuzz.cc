// Request validation in the domain (dates, references, resource ids, proposal text): every
// input is accepted or refused with INVALID_ARGUMENT; what is accepted round-trips.
#include "domain/dates.h"
#include "domain/modification.h"
#include "domain/party.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> f = sec::fuzz::Fields(data, size, 5);
  auto invalid = [](const absl::Status& s) {
    FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument);
  };

  absl::StatusOr<sec::Date> d = sec::ParseDate(f[0], "date");
  if (d.ok()) {
    FUZZ_CHECK(sec::FormatDate(*d) == f[0]);
  } else {
    invalid(d.status());
  }

  absl::StatusOr<int> ref = sec::ParseReference(f[1]);
  if (ref.ok()) {
    FUZZ_CHECK(*ref >= 1 && *ref <= 9999);
    FUZZ_CHECK(sec::FormatReference(*ref) == f[1]);
  } else {
    invalid(ref.status());
  }

  if (absl::Status s = sec::ValidateResourceId(f[2], "party_id"); !s.ok()) {
    invalid(s);
  } else {
    FUZZ_CHECK(f[2].size() >= 2 && f[2].size() <= 63);
  }

  sec::Modification m;
  m.title = f[3];
  m.sections = absl::StrSplit(f[4], '\n');
  m.problem_statement = f[4];
  m.intended_changes = absl::StrSplit(f[3], '\n');
  if (absl::Status s = sec::ValidateModificationText(m); !s.ok()) invalid(s);

  sec::ModStatus st;
  if (sec::ParseStatus(f[1], &st)) FUZZ_CHECK(sec::StatusCode(st) == f[1]);
  return 0;
}
