// The history's JSON (service/proto_json.h) is what protobuf's MessageToJsonString prints, byte
// for byte: random messages of every message type of every sec.v1 file (so a type or field
// added later is covered without being listed here), with strings that hold every kind of
// character the library escapes and its neighbours, unknown enum numbers, fields set to their
// defaults with presence, timestamps with every length of fraction, and nested and repeated
// messages.
#include "service/proto_json.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/json_util.h"
#include "support/test_support.h"

namespace sec {
namespace {

using ::google::protobuf::Descriptor;
using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::FileDescriptor;
using ::google::protobuf::Message;
using ::google::protobuf::Reflection;

std::string Utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xc0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xe0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    s += static_cast<char>(0xf0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    s += static_cast<char>(0x80 | (cp & 0x3f));
  }
  return s;
}

class RandomMessages {
 public:
  explicit RandomMessages(uint32_t seed) : rng_(seed) {}

  void Fill(Message* m, int depth) {
    const Descriptor* d = m->GetDescriptor();
    const Reflection* r = m->GetReflection();
    if (d->full_name() == "google.protobuf.Timestamp") {
      r->SetInt64(m, d->FindFieldByNumber(1), Pick(0, 253402300799));  // 0001..9999 are valid
      const int32_t nanos[] = {0, 5000000,   123000,
                               7, 999999999, static_cast<int32_t>(Pick(0, 999999999))};
      r->SetInt32(m, d->FindFieldByNumber(2), nanos[Pick(0, 5)]);
      return;
    }
    if (d->full_name() == "google.protobuf.FieldMask") {
      for (int i = 0, n = static_cast<int>(Pick(0, 3)); i < n; ++i) {
        const char* paths[] = {"title", "proposer_party", "a_b.c_d"};
        r->AddString(m, d->FindFieldByNumber(1), paths[Pick(0, 2)]);
      }
      return;
    }
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (Pick(0, 2) == 0) continue;
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE && depth >= 3) continue;
      if (f->is_repeated()) {
        for (int k = 0, n = static_cast<int>(Pick(0, 3)); k < n; ++k) Add(m, f, depth);
      } else {
        Set(m, f, depth);
      }
    }
  }

 private:
  int64_t Pick(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }

  int64_t Int() {
    const int64_t v[] = {
        0, 1, -1, Pick(-1000, 1000), Pick(INT32_MIN, INT32_MAX), Pick(INT64_MIN, INT64_MAX)};
    return v[Pick(0, 5)];
  }

  std::string Text() {
    // ASCII, what the library escapes in ASCII, and code points in and next to each escaped range.
    static const uint32_t kCodePoints[] = {
        'a',     'Z',     '0',     ' ',     '"',     '\\',    '/',     '<',     '>',
        '&',     '\'',    '=',     0x01,    0x08,    0x09,    0x0a,    0x0b,    0x0c,
        0x0d,    0x1f,    0x7e,    0x7f,    0x80,    0x9f,    0xa0,    0xac,    0xad,
        0xae,    0xe9,    0x5ff,   0x600,   0x603,   0x604,   0x6dd,   0x70f,   0x17b4,
        0x17b5,  0x17b6,  0x200a,  0x200b,  0x200f,  0x2010,  0x2027,  0x2028,  0x202e,
        0x202f,  0x2060,  0x2064,  0x2065,  0x206a,  0x206f,  0x20ac,  0xfefe,  0xfeff,
        0xfff8,  0xfff9,  0xfffb,  0xfffc,  0xffff,  0x10000, 0x1d172, 0x1d173, 0x1d17a,
        0x1d17b, 0x1f600, 0xe0000, 0xe0001, 0xe0020, 0xe007f, 0xe0080, 0x10ffff};
    std::string s;
    for (int i = 0, n = static_cast<int>(Pick(0, 12)); i < n; ++i) {
      s += Utf8(kCodePoints[Pick(0, std::size(kCodePoints) - 1)]);
    }
    return s;
  }

  std::string Bytes() {
    std::string s;
    for (int i = 0, n = static_cast<int>(Pick(0, 10)); i < n; ++i) {
      s += static_cast<char>(Pick(0, 255));
    }
    return s;
  }

  int Enum(const FieldDescriptor* f) {
    if (Pick(0, 5) == 0) return static_cast<int>(Pick(1000, 2000));  // a number it does not name
    return f->enum_type()
        ->value(static_cast<int>(Pick(0, f->enum_type()->value_count() - 1)))
        ->number();
  }

  void Set(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    const bool zero = Pick(0, 4) == 0;  // with presence, a default is printed too
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r->SetInt32(m, f, zero ? 0 : static_cast<int32_t>(Int()));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->SetInt64(m, f, zero ? 0 : Int());
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        r->SetUInt32(m, f, zero ? 0 : static_cast<uint32_t>(Int()));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r->SetUInt64(m, f, zero ? 0 : static_cast<uint64_t>(Int()));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->SetBool(m, f, !zero && Pick(0, 1) == 1);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->SetEnumValue(m, f, zero ? 0 : Enum(f));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        r->SetString(m, f, zero ? "" : f->type() == FieldDescriptor::TYPE_BYTES ? Bytes() : Text());
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Fill(r->MutableMessage(m, f), depth + 1);
        break;
      default:
        FAIL() << f->full_name() << ": a field type this test does not fill";
    }
  }

  void Add(Message* m, const FieldDescriptor* f, int depth) {
    const Reflection* r = m->GetReflection();
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        r->AddInt32(m, f, static_cast<int32_t>(Int()));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        r->AddInt64(m, f, Int());
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        r->AddUInt32(m, f, static_cast<uint32_t>(Int()));
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        r->AddUInt64(m, f, static_cast<uint64_t>(Int()));
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        r->AddBool(m, f, Pick(0, 1) == 1);
        break;
      case FieldDescriptor::CPPTYPE_ENUM:
        r->AddEnumValue(m, f, Enum(f));
        break;
      case FieldDescriptor::CPPTYPE_STRING:
        r->AddString(m, f, f->type() == FieldDescriptor::TYPE_BYTES ? Bytes() : Text());
        break;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        Fill(r->AddMessage(m, f), depth + 1);
        break;
      default:
        FAIL() << f->full_name() << ": a field type this test does not fill";
    }
  }

  std::mt19937 rng_;
};

void AddTypes(const Descriptor* d, std::vector<const Descriptor*>* out) {
  out->push_back(d);
  for (int i = 0; i < d->nested_type_count(); ++i) AddTypes(d->nested_type(i), out);
}

// Every message type of the sec.v1 files the services are declared in, and of the files they
// import from the same package.
std::vector<const Descriptor*> AllSecTypes() {
  std::set<const FileDescriptor*> files;
  std::vector<const FileDescriptor*> todo;
  for (const std::string& name : testing::ContractServices()) {
    const auto* s = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    if (s != nullptr) todo.push_back(s->file());
  }
  while (!todo.empty()) {
    const FileDescriptor* f = todo.back();
    todo.pop_back();
    if (f->package() != "sec.v1" || !files.insert(f).second) continue;
    for (int i = 0; i < f->dependency_count(); ++i) todo.push_back(f->dependency(i));
  }
  std::vector<const Descriptor*> out;
  for (const FileDescriptor* f : files) {
    for (int i = 0; i < f->message_type_count(); ++i) AddTypes(f->message_type(i), &out);
  }
  return out;
}

TEST(ProtoJsonTest, PrintsWhatTheLibraryPrintsForEveryType) {
  const std::vector<const Descriptor*> types = AllSecTypes();
  ASSERT_GT(types.size(), 100u) << "the sec.v1 files were not found";
  google::protobuf::util::JsonPrintOptions opts;
  opts.preserve_proto_field_names = true;
  RandomMessages random(20261202);
  int compared = 0;
  for (const Descriptor* d : types) {
    const Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(d);
    ASSERT_NE(prototype, nullptr) << d->full_name();
    for (int i = 0; i < 100; ++i) {
      std::unique_ptr<Message> m(prototype->New());
      random.Fill(m.get(), 0);
      std::string want;
      ASSERT_TRUE(google::protobuf::util::MessageToJsonString(*m, &want, opts).ok())
          << d->full_name();
      ASSERT_EQ(service::ProtoJson(*m), want) << d->full_name() << "\n" << m->DebugString();
      ++compared;
    }
  }
  EXPECT_EQ(compared, 100 * static_cast<int>(types.size()));
}

TEST(ProtoJsonTest, AnEmptyMessageIsAnEmptyObject) {
  const Descriptor* d = google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
      "sec.v1.Modification");
  ASSERT_NE(d, nullptr);
  std::unique_ptr<Message> m(
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(d)->New());
  EXPECT_EQ(service::ProtoJson(*m), "{}");
}

}  // namespace
}  // namespace sec
