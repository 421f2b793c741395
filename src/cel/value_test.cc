// Tests of the CEL value model: heterogeneous equality and ordering, map keys, the literal and
// JSON forms, and the JSON facts mapping.
#include "cel/value.h"

#include <gtest/gtest.h>

#include <cmath>

namespace proofline::cel {
namespace {

Value L(std::vector<Value> v) { return Value::List(std::move(v)); }

Value M(std::vector<std::pair<Value, Value>> entries) {
  auto m = std::make_shared<ValueMap>();
  for (auto& [k, v] : entries) EXPECT_EQ(m->Add(k, v), ValueMap::Insert::kInserted);
  return Value::Map(std::move(m));
}

TEST(CelValue, NumbersAreEqualAcrossKinds) {
  EXPECT_TRUE(Equal(Value::Int(1), Value::Uint(1)));
  EXPECT_TRUE(Equal(Value::Int(1), Value::Double(1.0)));
  EXPECT_TRUE(Equal(Value::Uint(1), Value::Double(1.0)));
  EXPECT_FALSE(Equal(Value::Int(-1), Value::Uint(UINT64_MAX)));
  EXPECT_FALSE(Equal(Value::Double(NAN), Value::Double(NAN)));
  EXPECT_FALSE(Equal(Value::Int(1), Value::Double(NAN)));
  EXPECT_TRUE(Equal(Value::Double(-0.0), Value::Int(0)));
}

TEST(CelValue, DifferentKindsAreUnequalNotErrors) {
  EXPECT_FALSE(Equal(Value::Int(1), Value::String("1")));
  EXPECT_FALSE(Equal(Value::Null(), Value::Bool(false)));
  EXPECT_FALSE(Equal(Value::String("a"), Value::Bytes("a")));
  EXPECT_TRUE(Equal(Value::Null(), Value::Null()));
  EXPECT_TRUE(Equal(Value::Type(Kind::kInt), Value::Type(Kind::kInt)));
  EXPECT_FALSE(Equal(Value::Type(Kind::kInt), Value::Type(Kind::kUint)));
}

TEST(CelValue, CollectionsCompareDeeply) {
  EXPECT_TRUE(Equal(L({Value::Int(1), Value::Double(2)}), L({Value::Uint(1), Value::Int(2)})));
  EXPECT_FALSE(Equal(L({Value::Int(1)}), L({Value::Int(1), Value::Int(2)})));
  EXPECT_TRUE(
      Equal(M({{Value::Int(1), Value::String("a")}, {Value::String("k"), Value::Null()}}),
            M({{Value::String("k"), Value::Null()}, {Value::Uint(1), Value::String("a")}})));
  EXPECT_FALSE(
      Equal(M({{Value::String("k"), Value::Int(1)}}), M({{Value::String("k"), Value::Int(2)}})));
  uint64_t work = 0;
  Equal(L({Value::Int(1), Value::Int(2)}), L({Value::Int(1), Value::Int(2)}), &work);
  EXPECT_EQ(work, 3u);  // the lists and their two elements
}

TEST(CelValue, OrderingAcrossNumericKindsMatchesCelGo) {
  auto lt = [](Value a, Value b) { return *Compare(a, b) < 0; };
  EXPECT_TRUE(lt(Value::Int(-1), Value::Uint(0)));
  EXPECT_TRUE(lt(Value::Int(1), Value::Double(1.5)));
  EXPECT_TRUE(lt(Value::Uint(1), Value::Int(2)));
  EXPECT_FALSE(lt(Value::Uint(1), Value::Int(INT64_MIN)));
  // The int rounds to a double unless the double is beyond the int range.
  EXPECT_FALSE(lt(Value::Int(INT64_MAX), Value::Double(9223372036854775808.0)));
  EXPECT_TRUE(lt(Value::Int(INT64_MAX), Value::Double(9223372036854777857.0)));
  EXPECT_TRUE(lt(Value::Uint(UINT64_MAX), Value::Double(18446744073709590000.0)));
  EXPECT_EQ(*Compare(Value::Double(NAN), Value::Int(1)), std::partial_ordering::unordered);
}

TEST(CelValue, OrderingOfOtherKinds) {
  EXPECT_TRUE(*Compare(Value::Bool(false), Value::Bool(true)) < 0);
  EXPECT_TRUE(*Compare(Value::String("a"), Value::String("ab")) < 0);
  EXPECT_TRUE(*Compare(Value::String("f"), Value::String("\u1ebf")) < 0);  // by code point
  EXPECT_TRUE(*Compare(Value::Bytes("\x01"), Value::Bytes("\xff")) < 0);
  EXPECT_TRUE(*Compare(Value::FromDuration({1}), Value::FromDuration({2})) < 0);
  EXPECT_FALSE(Compare(Value::String("a"), Value::Int(1)).has_value());
  EXPECT_FALSE(Compare(Value::Null(), Value::Null()).has_value());
  EXPECT_FALSE(Compare(L({}), L({})).has_value());
}

TEST(CelValue, MapKeysMeetAcrossNumericKinds) {
  ValueMap m;
  EXPECT_EQ(m.Add(Value::Int(1), Value::String("int")), ValueMap::Insert::kInserted);
  EXPECT_EQ(m.Add(Value::Uint(1), Value::Null()), ValueMap::Insert::kDuplicate);
  EXPECT_EQ(m.Add(Value::Uint(UINT64_MAX), Value::String("big")), ValueMap::Insert::kInserted);
  EXPECT_EQ(m.Add(Value::Bool(true), Value::Null()), ValueMap::Insert::kInserted);
  EXPECT_EQ(m.Add(Value::String("1"), Value::Null()), ValueMap::Insert::kInserted);
  EXPECT_EQ(m.Add(Value::Double(2), Value::Null()), ValueMap::Insert::kBadKeyType);
  EXPECT_EQ(m.Add(Value::Null(), Value::Null()), ValueMap::Insert::kBadKeyType);
  ASSERT_NE(m.Find(Value::Double(1.0)), nullptr);
  EXPECT_EQ(m.Find(Value::Double(1.0))->string_value(), "int");
  EXPECT_EQ(m.Find(Value::Double(18446744073709551615.0)), nullptr);  // 2^64: beyond uint
  EXPECT_EQ(m.Find(Value::Double(1.5)), nullptr);
  EXPECT_EQ(m.Find(Value::Bytes("1")), nullptr);
  EXPECT_EQ(m.entries().front().second.string_value(), "int");  // insertion order
}

TEST(CelValue, MapsWithManyKeysFindEachOne) {
  ValueMap m;
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(m.Add(Value::String("k" + std::to_string(i)), Value::Int(i)),
              ValueMap::Insert::kInserted);
    ASSERT_EQ(m.Add(Value::Int(i), Value::Int(-i)), ValueMap::Insert::kInserted);
  }
  EXPECT_EQ(m.Add(Value::String("k999"), Value::Null()), ValueMap::Insert::kDuplicate);
  for (int i = 0; i < 1000; ++i) {
    std::string key = "k" + std::to_string(i);
    ASSERT_NE(m.Find(HashedName(key)), nullptr) << key;
    EXPECT_EQ(m.Find(HashedName(key))->int_value(), i);
    EXPECT_EQ(m.Find(Value::String(key)), m.Find(HashedName(key)));
    ASSERT_NE(m.Find(Value::Uint(i)), nullptr);
    EXPECT_EQ(m.Find(Value::Uint(i))->int_value(), -i);
  }
  EXPECT_EQ(m.Find(HashedName("k1000")), nullptr);
  EXPECT_EQ(m.Find(HashedName("")), nullptr);
  EXPECT_EQ(m.Find(Value::Int(1000)), nullptr);
  EXPECT_EQ(m.size(), 2000u);
  EXPECT_EQ(m.entries()[1999].first.int_value(), 999);  // insertion order
}

TEST(CelValue, FieldNamesFindOnlyStringKeys) {
  ValueMap m;
  ASSERT_EQ(m.Add(Value::Int(1), Value::Null()), ValueMap::Insert::kInserted);
  ASSERT_EQ(m.Add(Value::Bool(true), Value::Null()), ValueMap::Insert::kInserted);
  EXPECT_EQ(m.Find(HashedName("1")), nullptr);
  EXPECT_EQ(m.Find(HashedName("true")), nullptr);
  ASSERT_EQ(m.Add(Value::String(""), Value::Int(7)), ValueMap::Insert::kInserted);
  ASSERT_NE(m.Find(HashedName("")), nullptr);
  EXPECT_EQ(m.Find(HashedName(""))->int_value(), 7);
}

TEST(CelValue, SameTextComparesEveryByteOfEveryLength) {
  for (size_t n = 0; n <= 20; ++n) {
    std::string a(n, 'x');
    EXPECT_TRUE(SameText(a, std::string(n, 'x'))) << n;
    EXPECT_FALSE(SameText(a, std::string(n + 1, 'x'))) << n;
    for (size_t i = 0; i < n; ++i) {
      std::string b = a;
      b[i] = 'y';
      EXPECT_FALSE(SameText(a, b)) << n << " " << i;
    }
  }
}

TEST(CelValue, CopiesShareAndAssignmentsReleaseLast) {
  Value s = Value::String("text");
  Value t = s;
  t = Value::Int(3);
  EXPECT_EQ(s.string_value(), "text");
  EXPECT_EQ(t.int_value(), 3);
  Value& alias = s;
  s = alias;  // self-assignment
  EXPECT_EQ(s.string_value(), "text");
  // Assigning an element of a value's own payload to it: the payload must outlive the copy.
  Value list = L({Value::String("first"), Value::Int(1)});
  list = list.list()[0];
  EXPECT_EQ(list.string_value(), "first");
  Value map = M({{Value::String("k"), L({Value::Int(5)})}});
  map = *map.map().Find(HashedName("k"));
  EXPECT_EQ(FormatValue(map), "[5]");
  Value moved = std::move(map);
  EXPECT_EQ(FormatValue(moved), "[5]");
  EXPECT_EQ(map.kind(), Kind::kNull);  // NOLINT(bugprone-use-after-move): moved-from is null
  Value ts = Value::FromTimestamp(Timestamp{1234567890, 987654321});
  Value copy = ts;
  EXPECT_EQ(copy.timestamp(), (Timestamp{1234567890, 987654321}));
  EXPECT_EQ(Value::FromDuration(Duration{-5}).duration(), Duration{-5});
  EXPECT_EQ(Value::Type(Kind::kMap).type_value(), Kind::kMap);
}

TEST(CelValue, FormatsAsCelLiterals) {
  EXPECT_EQ(FormatValue(Value::Null()), "null");
  EXPECT_EQ(FormatValue(Value::Int(-3)), "-3");
  EXPECT_EQ(FormatValue(Value::Uint(3)), "3u");
  EXPECT_EQ(FormatValue(Value::Double(1)), "1.0");
  EXPECT_EQ(FormatValue(Value::Double(2.5e-7)), "2.5e-07");
  EXPECT_EQ(FormatValue(Value::Double(NAN)), "double(\"NaN\")");
  EXPECT_EQ(FormatValue(Value::Double(-INFINITY)), "double(\"-Infinity\")");
  EXPECT_EQ(FormatValue(Value::String("a\"\\\n\x01π")), "\"a\\\"\\\\\\n\\x01π\"");
  EXPECT_EQ(FormatValue(Value::Bytes("a\xff")), "b\"a\\xff\"");
  EXPECT_EQ(FormatValue(L({Value::Int(1), Value::String("s")})), "[1, \"s\"]");
  EXPECT_EQ(FormatValue(M({{Value::String("a"), Value::Bool(true)}})), "{\"a\": true}");
  EXPECT_EQ(FormatValue(Value::FromTimestamp({1234567890, 0})),
            "timestamp(\"2009-02-13T23:31:30Z\")");
  EXPECT_EQ(FormatValue(Value::FromDuration({1500000000})), "duration(\"1.5s\")");
  EXPECT_EQ(FormatValue(Value::Type(Kind::kTimestamp)), "google.protobuf.Timestamp");
}

TEST(CelValue, DoublesFormatLikeGo) {
  EXPECT_EQ(FormatDouble(123.456), "123.456");
  EXPECT_EQ(FormatDouble(-4.5e-3), "-0.0045");
  EXPECT_EQ(FormatDouble(0.0001), "0.0001");
  EXPECT_EQ(FormatDouble(0.00001), "1e-05");
  EXPECT_EQ(FormatDouble(123456), "123456");
  EXPECT_EQ(FormatDouble(1e6), "1e+06");
  EXPECT_EQ(FormatDouble(1234567), "1.234567e+06");
  EXPECT_EQ(FormatDouble(0), "0");
  EXPECT_EQ(FormatDouble(INFINITY), "+Inf");
  EXPECT_EQ(FormatDouble(NAN), "NaN");
}

TEST(CelValue, ConvertsToJson) {
  Value v = M({{Value::String("i"), Value::Int(1)},
               {Value::Int(2), Value::Bytes("\x01\x02")},
               {Value::Bool(true), L({Value::Double(INFINITY), Value::Uint(5)})},
               {Value::String("t"), Value::FromTimestamp({0, 5000})},
               {Value::String("type"), Value::Type(Kind::kMap)}});
  Result<Json> j = ValueToJson(v);
  ASSERT_TRUE(j.ok()) << j.status().message();
  EXPECT_EQ(j->dump(),
            R"({"2":"AQI=","i":1,"t":"1970-01-01T00:00:00.000005Z","true":["Infinity",5],)"
            R"("type":"map"})");
  EXPECT_FALSE(
      ValueToJson(M({{Value::Int(1), Value::Null()}, {Value::String("1"), Value::Null()}})).ok());
  EXPECT_FALSE(ValueToJson(Value::Error("boom", 0)).ok());
}

TEST(CelValue, ConvertsFromJson) {
  Json j = Json::parse(R"({"i": 3, "d": 3.0, "big": 18446744073709551615, "s": "x",
                           "l": [null, true], "o": {"k": -1}})");
  Result<Value> v = ValueFromJson(j);
  ASSERT_TRUE(v.ok());
  const ValueMap& m = v->map();
  EXPECT_EQ(m.Find(Value::String("i"))->kind(), Kind::kInt);
  EXPECT_EQ(m.Find(Value::String("d"))->kind(), Kind::kDouble);
  EXPECT_EQ(m.Find(Value::String("big"))->kind(), Kind::kDouble);
  EXPECT_EQ(m.Find(Value::String("l"))->list()[1].bool_value(), true);
  EXPECT_EQ(m.Find(Value::String("o"))->map().Find(Value::String("k"))->int_value(), -1);
}

TEST(CelValue, DeepJsonIsRefused) {
  Json j = Json::array();
  for (int i = 0; i < 200; ++i) j = Json::array({j});
  EXPECT_FALSE(ValueFromJson(j).ok());
  EXPECT_TRUE(ValueFromJson(j, 250).ok());
}

}  // namespace
}  // namespace proofline::cel
