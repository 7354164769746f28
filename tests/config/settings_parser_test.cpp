#include "config/settings_parser.hpp"

#include <gtest/gtest.h>

namespace oakley::config {
namespace {

SettingsTree parse(const std::string& text) {
  auto t = parse_settings_string(text, "t.conf");
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return t.ok() ? std::move(t).value() : SettingsTree{};
}

std::string parse_error(const std::string& text) {
  auto t = parse_settings_string(text, "t.conf");
  EXPECT_FALSE(t.ok());
  return t.ok() ? "" : t.error().message;
}

const SettingsValue& value(const SettingsTree& t, const std::string& section,
                           const std::string& key) {
  static const SettingsValue kNone{};
  const auto* s = find_section(t.root, section);
  if (!s || !s->value(key)) {
    ADD_FAILURE() << section << "." << key << " missing";
    return kNone;
  }
  return *s->value(key);
}

TEST(SettingsParser, SectionsKeysAndLineNumbers) {
  auto t = parse("# comment\na {\n  b = c\n  sub {\n    d = e f\n  }\n}\n");
  EXPECT_EQ(value(t, "a", "b").value, "c");
  EXPECT_EQ(value(t, "a", "b").location, (SourceLocation{"t.conf", 3}));
  EXPECT_EQ(value(t, "a.sub", "d").value, "e f");
  EXPECT_EQ(value(t, "a.sub", "d").location.line, 5);
  EXPECT_EQ(find_section(t.root, "a.sub")->location.line, 4);
}

TEST(SettingsParser, ValueWordsJoinWithOneSpaceAndCommentsEndThem) {
  auto t = parse("a {\n  k = x    y\t z   # comment\n  q = \"keep  # this\"\n}\n");
  EXPECT_EQ(value(t, "a", "k").value, "x y z");
  EXPECT_EQ(value(t, "a", "q").value, "keep  # this");
}

TEST(SettingsParser, QuotedStringsAdjacentToWordsAreSeparateWords) {
  // strongSwan: x"y z"w is three words, joined by single spaces.
  auto t = parse("a {\n  k = x\"y z\"w\n}\n");
  EXPECT_EQ(value(t, "a", "k").value, "x y z w");
}

TEST(SettingsParser, Escapes) {
  auto t = parse("a {\n  k = \"tab\\tnl\\nq\\\"bs\\\\x\\y\"\n  m = \"one \\\ntwo\"\n  n = 1\n}\n");
  EXPECT_EQ(value(t, "a", "k").value, "tab\tnl\nq\"bs\\xy");
  EXPECT_EQ(value(t, "a", "m").value, "one two");
  EXPECT_EQ(value(t, "a", "n").location.line, 5);  // the continuation counted as a line
}

TEST(SettingsParser, ClosingBraceEndsValueOnSameLine) {
  auto t = parse("a { k = v }\nb { c { d = e } }\n");
  EXPECT_EQ(value(t, "a", "k").value, "v");
  EXPECT_EQ(value(t, "b.c", "d").value, "e");
}

TEST(SettingsParser, BraceOnNextLine) {
  auto t = parse("a\n# why not\n{\n  k = v\n}\n");
  EXPECT_EQ(value(t, "a", "k").value, "v");
}

TEST(SettingsParser, LaterAssignmentWinsAndEarlierLinesAreKept) {
  auto t = parse("a {\n  k = 1\n  k = 2\n}\na {\n  k = 3\n  j = 4\n}\n");
  const auto& k = value(t, "a", "k");
  EXPECT_EQ(k.value, "3");
  EXPECT_EQ(k.location.line, 6);
  ASSERT_EQ(k.overridden.size(), 2u);
  EXPECT_EQ(k.overridden[0].line, 2);
  EXPECT_EQ(k.overridden[1].line, 3);
  EXPECT_EQ(value(t, "a", "j").value, "4");
  EXPECT_EQ(t.root.sections.size(), 1u);  // the second "a" extends the first
}

TEST(SettingsParser, EmptyAssignmentClears) {
  auto t = parse("a {\n  k = 1\n  k =\n}\n");
  EXPECT_TRUE(value(t, "a", "k").cleared);
}

TEST(SettingsParser, DotsAreAllowedInNamesAndValues) {
  auto t = parse("vpn.example.com {\n  remote.id = gw.example.com\n}\n");
  ASSERT_NE(t.root.section("vpn.example.com"), nullptr);
  EXPECT_EQ(t.root.section("vpn.example.com")->value("remote.id")->value, "gw.example.com");
}

TEST(SettingsParser, CarriageReturnsAreIgnored) {
  auto t = parse("a {\r\n  k = v\r\n}\r\n");
  EXPECT_EQ(value(t, "a", "k").value, "v");
}

TEST(SettingsParser, KeyNamedIncludeIsAKey) {
  auto t = parse("a {\n  include = x\n}\n");
  EXPECT_EQ(value(t, "a", "include").value, "x");
}

TEST(SettingsParser, References) {
  auto t = parse(
      "defaults {\n  k = base\n  j = base\n  sub {\n    x = 1\n  }\n}\n"
      "conns {\n  a : defaults {\n    k = mine\n    sub {\n      y = 2\n    }\n  }\n"
      "  b : conns.a {\n  }\n}\n");
  EXPECT_EQ(value(t, "conns.a", "k").value, "mine");
  EXPECT_EQ(value(t, "conns.a", "j").value, "base");
  EXPECT_EQ(value(t, "conns.a.sub", "x").value, "1");
  EXPECT_EQ(value(t, "conns.a.sub", "y").value, "2");
  EXPECT_EQ(value(t, "conns.b", "k").value, "mine");
  EXPECT_EQ(value(t, "conns.b", "j").value, "base");
  EXPECT_TRUE(t.referenced.count("defaults"));
  // Inherited values keep the line where the template set them.
  EXPECT_EQ(value(t, "conns.a", "j").location.line, 3);
}

TEST(SettingsParser, ReferenceErrors) {
  EXPECT_EQ(parse_error("a : nothere {\n}\n"),
            "t.conf:1: section 'a' refers to 'nothere', which does not exist");
  EXPECT_NE(parse_error("a : b {\n}\nb : a {\n}\n").find("reference loop"), std::string::npos);
  EXPECT_NE(parse_error("a {\n  b : a {\n  }\n}\n").find("reference loop"), std::string::npos);
}

TEST(SettingsParser, ReferencesCannotBlowUp) {
  // 400 sections, each inheriting a template of 3000 keys: 1.2 million settings.
  std::string text = "t {\n";
  for (int i = 0; i < 3000; ++i)
    text += "k" + std::to_string(i) + " = v\n";
  text += "}\n";
  for (int i = 0; i < 400; ++i)
    text += "s" + std::to_string(i) + " : t, t, t {\n}\n";
  EXPECT_NE(parse_error(text).find("section references expand to more than 1000000 settings"),
            std::string::npos);
}

TEST(SettingsParser, SyntaxErrorsNameTheLine) {
  EXPECT_EQ(parse_error("a {\n  k v\n}\n"), "t.conf:2: expected '=' or '{' after 'k'");
  EXPECT_EQ(parse_error("a {\n  k = v\n"), "t.conf:1: section 'a' is not closed (missing '}')");
  EXPECT_EQ(parse_error("a {\n}\n}\n"), "t.conf:3: unexpected '}' (no section is open here)");
  EXPECT_EQ(parse_error("a {\n  k = \"open\n\n"), "t.conf:2: unterminated quoted string");
  EXPECT_EQ(parse_error("= v\n"), "t.conf:1: unexpected '=' where a key or section name should be");
  EXPECT_EQ(parse_error("a {\n  \"k\" = v\n}\n"),
            "t.conf:2: unexpected '\"': quoted strings are only allowed in values");
  EXPECT_EQ(parse_error("a : {\n}\n"), "t.conf:1: expected a section name after ':' or ','");
}

TEST(SettingsParser, DeepNestingIsAnErrorNotACrash) {
  std::string text;
  for (int i = 0; i < 100; ++i)
    text += "a {\n";
  EXPECT_NE(parse_error(text).find("nested too deeply"), std::string::npos);
}

TEST(SettingsParser, IncludesCanBeDisabled) {
  ParseOptions options;
  options.allow_includes = false;
  auto t = parse_settings_string("include /etc/passwd\n", "t.conf", options);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message, "t.conf:1: include is not allowed here");
}

}  // namespace
}  // namespace oakley::config
