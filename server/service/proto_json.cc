#include "service/proto_json.h"

#include <cstdint>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"

namespace sec::service {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Code points beyond ASCII that protobuf's JSON writer escapes (control and format
// characters), found by printing every code point through it.
bool EscapedCodePoint(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || (cp >= 0x600 && cp <= 0x603) || cp == 0x6dd ||
         cp == 0x70f || cp == 0x17b4 || cp == 0x17b5 || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x206a && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
         (cp >= 0x1d173 && cp <= 0x1d17a) || cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f);
}

void AppendUnit(std::string* out, uint32_t unit) { absl::StrAppendFormat(out, "\\u%04x", unit); }

// The UTF-8 sequence at s[i]: its length, and its code point in *cp; 0 when it is not one.
size_t DecodeUtf8(absl::string_view s, size_t i, uint32_t* cp) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  uint32_t v = c & (0x7f >> n);
  for (size_t k = 1; k < n; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xc0) != 0x80) return 0;
    v = (v << 6) | (cc & 0x3f);
  }
  *cp = v;
  return n;
}

void AppendQuoted(std::string* out, absl::string_view s) {
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out->append("\\\"");
          break;
        case '\\':
          out->append("\\\\");
          break;
        case '\b':
          out->append("\\b");
          break;
        case '\f':
          out->append("\\f");
          break;
        case '\n':
          out->append("\\n");
          break;
        case '\r':
          out->append("\\r");
          break;
        case '\t':
          out->append("\\t");
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == 0x7f) {
            AppendUnit(out, c);
          } else {
            out->push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(s, i, &cp);
    if (n == 0) {  // not UTF-8 (a proto3 string always is): the byte as it is
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (!EscapedCodePoint(cp)) {
      out->append(s.data() + i, n);
    } else if (cp < 0x10000) {
      AppendUnit(out, cp);
    } else {
      AppendUnit(out, 0xd800 + ((cp - 0x10000) >> 10));
      AppendUnit(out, 0xdc00 + ((cp - 0x10000) & 0x3ff));
    }
    i += n;
  }
  out->push_back('"');
}

// "2017-04-10T09:30:01Z", with 3, 6 or 9 digits of fraction when there is one.
void AppendTimestamp(const Message& ts, std::string* out) {
  const Descriptor* d = ts.GetDescriptor();
  const Reflection* r = ts.GetReflection();
  const int64_t seconds = r->GetInt64(ts, d->FindFieldByNumber(1));
  const int32_t nanos = r->GetInt32(ts, d->FindFieldByNumber(2));
  out->push_back('"');
  out->append(
      absl::FormatTime("%E4Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(seconds), absl::UTCTimeZone()));
  if (nanos % 1000000 == 0) {
    if (nanos != 0) absl::StrAppendFormat(out, ".%03d", nanos / 1000000);
  } else if (nanos % 1000 == 0) {
    absl::StrAppendFormat(out, ".%06d", nanos / 1000);
  } else {
    absl::StrAppendFormat(out, ".%09d", nanos);
  }
  out->append("Z\"");
}

bool PrintedByLibrary(const Descriptor* d) {
  if (absl::StartsWith(d->full_name(), "google.protobuf.")) return true;
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    if (f->is_map() || f->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT ||
        f->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
      return true;
    }
  }
  return false;
}

void AppendMessage(const Message& m, std::string* out);

// One value of field `f`: the singular one when `index` is -1, else the repeated one at it.
void AppendValue(const Message& m, const FieldDescriptor* f, int index, std::string* out) {
  const Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      absl::StrAppend(out, rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      absl::StrAppend(out, rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
      break;
    case FieldDescriptor::CPPTYPE_INT64:  // 64-bit integers are strings in proto3 JSON
      absl::StrAppend(out, "\"", rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f), "\"");
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      absl::StrAppend(out, "\"", rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f),
                      "\"");
      break;
    case FieldDescriptor::CPPTYPE_BOOL:
      out->append((rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "true" : "false");
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const int v = rep ? r->GetRepeatedEnumValue(m, f, index) : r->GetEnumValue(m, f);
      const google::protobuf::EnumValueDescriptor* e = f->enum_type()->FindValueByNumber(v);
      if (e != nullptr) {
        AppendQuoted(out, e->name());
      } else {
        absl::StrAppend(out, v);  // a number the enum does not name
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& s = rep ? r->GetRepeatedStringReference(m, f, index, &scratch)
                                 : r->GetStringReference(m, f, &scratch);
      if (f->type() == FieldDescriptor::TYPE_BYTES) {
        absl::StrAppend(out, "\"", absl::Base64Escape(s), "\"");
      } else {
        AppendQuoted(out, s);
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      AppendMessage(rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f), out);
      break;
    default:  // float and double: the library prints their messages (PrintedByLibrary)
      break;
  }
}

void AppendMessage(const Message& m, std::string* out) {
  const Descriptor* d = m.GetDescriptor();
  if (d->full_name() == "google.protobuf.Timestamp") return AppendTimestamp(m, out);
  if (PrintedByLibrary(d)) {
    google::protobuf::util::JsonPrintOptions opts;
    opts.preserve_proto_field_names = true;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(m, &json, opts);
    out->append(json);
    return;
  }
  const Reflection* r = m.GetReflection();
  std::vector<const FieldDescriptor*> fields;  // the fields set, by field number
  r->ListFields(m, &fields);
  out->push_back('{');
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldDescriptor* f = fields[i];
    if (i > 0) out->push_back(',');
    absl::StrAppend(out, "\"", f->name(), "\":");
    if (!f->is_repeated()) {
      AppendValue(m, f, -1, out);
      continue;
    }
    out->push_back('[');
    for (int k = 0, n = r->FieldSize(m, f); k < n; ++k) {
      if (k > 0) out->push_back(',');
      AppendValue(m, f, k, out);
    }
    out->push_back(']');
  }
  out->push_back('}');
}

}  // namespace

void AppendProtoJson(const Message& m, std::string* out) { AppendMessage(m, out); }

std::string ProtoJson(const Message& m) {
  std::string out;
  AppendMessage(m, &out);
  return out;
}

}  // namespace sec::service
