#ifndef SEC_DOMAIN_BOUNDS_H_
#define SEC_DOMAIN_BOUNDS_H_

// The documented bounds on everything the service accepts (SPEC 6, README "Limits"). Which
// request field has which bound is service/input_bounds.cc's table; the numbers are here, where
// the domain's own rules (computed dates, sums) use them too.

#include <cstddef>
#include <cstdint>

#include "absl/time/civil_time.h"

namespace sec::bounds {

// Every date, given or computed (a due date, a term end, a cure deadline).
inline constexpr absl::CivilDay kFirstDate(1900, 1, 1);
inline constexpr absl::CivilDay kLastDate(2999, 12, 31);

// Money: a record's amount, in pence: 0 to £10,000,000,000. Sums of records are 128-bit.
inline constexpr int64_t kMaxPence = 1000000000000;
// Factors in basis points: 0 to 100%; an uplift up to 1000%.
inline constexpr int64_t kMaxFactorBp = 10000;
inline constexpr int64_t kMaxUpliftBp = 100000;

// Text, in characters (UTF-8 code points).
inline constexpr size_t kIdChars = 63;          // ids and the names built from them
inline constexpr size_t kNameChars = 200;       // display names, nominees, milestones, contacts
inline constexpr size_t kTitleChars = 300;      // a proposal's title
inline constexpr size_t kTextChars = 4000;      // reasons, outcomes, notes, comments, responses
inline constexpr size_t kLongTextChars = 10000;  // a problem statement

// Documents on a proposal (README "Documents"): a revision's bytes, and one chunk of them (a
// message carries at most 4 MiB, so a revision travels in chunks).
inline constexpr int64_t kDocumentBytes = int64_t{16} << 20;     // 16 MiB a revision
inline constexpr int64_t kDocumentChunkBytes = int64_t{1} << 20;  // 1 MiB a chunk
inline constexpr size_t kMediaTypeChars = 127;                     // "type/subtype"
inline constexpr size_t kSha256Chars = 64;                         // lower-case hex
inline constexpr size_t kPointChars = 2000;     // one intended change, one meeting item
inline constexpr size_t kSectionChars = 32;     // "G7.6-7.12"
inline constexpr size_t kTokenChars = 2000;     // page tokens, filters
inline constexpr size_t kRequestIdChars = 128;  // request_id (a UUID is 36)
// One CSV text of a bulk import (a request is at most --max_message_bytes, 4 MiB by default).
inline constexpr size_t kCsvChars = 4000000;

// Lists, in items.
inline constexpr size_t kListItems = 50;       // sections, intended changes, implemented proposals
inline constexpr size_t kMeetingItems = 200;   // items on a meeting's agenda
inline constexpr size_t kTableRows = 100;      // a policy's factor tables, a timetable
inline constexpr size_t kHolidays = 2000;      // holidays in one LoadHolidays
inline constexpr size_t kUpdateMaskPaths = 10;
inline constexpr size_t kImpacts = 6;  // impacts, respondent categories: one per party category

}  // namespace sec::bounds

#endif  // SEC_DOMAIN_BOUNDS_H_
