#include "config/settings_parser.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/secret.hpp"

namespace oakley::config {

namespace {

constexpr int kMaxDepth = 64;  // nested sections plus includes
constexpr int kMaxIncludeFiles = 256;

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// Characters that end a section name or key (strongSwan's NAME token, plus '.' which we allow).
bool ends_name(char c) {
  switch (c) {
    case '#':
    case '{':
    case '}':
    case '=':
    case ':':
    case ',':
    case '"':
    case '\r':
    case '\n':
    case '\t':
    case ' ':
      return true;
    default:
      return false;
  }
}

std::string directory_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool has_glob_chars(const std::string& s) {
  return s.find_first_of("*?[") != std::string::npos;
}

// The file may hold secrets: it is read straight into wiped memory (no stream buffers; the
// buffers a growing SecretString leaves behind are wiped).
Result<SecretString> read_file(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return make_error("cannot open: no such file");
  if (!S_ISREG(st.st_mode)) return make_error("not a regular file");
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    return make_error(fmt::format("file is larger than {} bytes", max_bytes));
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error("cannot open: permission denied or unreadable");
  SecretString text;
  char chunk[4096];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || text.size() + static_cast<std::size_t>(n) > max_bytes) {
      secure_wipe(chunk, sizeof chunk);
      ::close(fd);
      if (n < 0) return make_error("cannot read the file");
      if (n > 0) return make_error(fmt::format("file is larger than {} bytes", max_bytes));
      return text;
    }
    text += std::string_view(chunk, static_cast<std::size_t>(n));
  }
}

class Parser {
 public:
  Parser(SettingsTree& tree, const ParseOptions& options) : tree_(tree), options_(options) {}

  Status parse_text(std::string_view text, const std::string& file, SettingsSection& into,
                    int depth) {
    Cursor c{text, 0, 1, &file};
    return statements(c, into, nullptr, depth);
  }

  Status parse_file(const std::string& path, SettingsSection& into, int depth) {
    auto text = read_file(path, options_.max_file_bytes);
    if (!text) return make_error(fmt::format("{}: {}", path, text.error().message));
    tree_.files.push_back(path);
    return parse_text(*text, path, into, depth);
  }

 private:
  struct Cursor {
    std::string_view text;
    std::size_t pos;
    int line;
    const std::string* file;
    bool eof() const { return pos >= text.size(); }
    char peek() const { return text[pos]; }
    SourceLocation here() const { return {*file, line}; }
  };

  static Error fail(const Cursor& c, const std::string& message) {
    return make_error(fmt::format("{}: {}", c.here().to_string(), message));
  }

  static void skip_blanks(Cursor& c) {
    while (!c.eof() && is_blank(c.peek()))
      ++c.pos;
  }

  static void skip_comment(Cursor& c) {
    while (!c.eof() && c.peek() != '\n')
      ++c.pos;
  }

  // `open` is the section being filled (nullptr at file level, where '}' is an error).
  Status statements(Cursor& c, SettingsSection& into, const SettingsSection* open, int depth) {
    if (depth > kMaxDepth) return fail(c, "sections or includes nested too deeply");
    for (;;) {
      skip_blanks(c);
      if (c.eof()) {
        if (!open) return {};
        return make_error(fmt::format("{}: section '{}' is not closed (missing '}}')",
                                      open->location.to_string(), open->name));
      }
      char ch = c.peek();
      if (ch == '\n') {
        ++c.pos;
        ++c.line;
      } else if (ch == '#') {
        skip_comment(c);
      } else if (ch == '}') {
        if (!open) return fail(c, "unexpected '}' (no section is open here)");
        ++c.pos;
        return {};
      } else if (ends_name(ch)) {
        return fail(c, unexpected_message(ch));
      } else if (auto st = statement(c, into, depth); !st) {
        return st;
      }
    }
  }

  static std::string unexpected_message(char ch) {
    if (ch == '"') return "unexpected '\"': quoted strings are only allowed in values";
    return fmt::format("unexpected '{}' where a key or section name should be", ch);
  }

  Status statement(Cursor& c, SettingsSection& into, int depth) {
    SourceLocation where = c.here();
    std::string name = read_name(c);
    if (name == "include" && !c.eof() && is_blank(c.peek()) && !assignment_follows(c)) {
      return include(c, into, depth);
    }
    skip_blanks(c);
    if (!c.eof() && c.peek() == '=') {
      ++c.pos;
      return value(c, into, std::move(name), std::move(where));
    }
    std::vector<std::string> refs;
    if (!c.eof() && c.peek() == ':') {
      ++c.pos;
      auto st = references(c, refs);
      if (!st) return st;
    }
    skip_to_brace(c);
    if (c.eof() || c.peek() != '{') {
      return make_error(
          fmt::format("{}: expected '=' or '{{' after '{}'", where.to_string(), name));
    }
    ++c.pos;
    SettingsSection& section = into.open(name, where);
    section.references.insert(section.references.end(), refs.begin(), refs.end());
    return statements(c, section, &section, depth + 1);
  }

  static std::string read_name(Cursor& c) {
    std::size_t start = c.pos;
    while (!c.eof() && !ends_name(c.peek()))
      ++c.pos;
    return std::string(c.text.substr(start, c.pos - start));
  }

  static bool assignment_follows(const Cursor& c) {
    std::size_t p = c.pos;
    while (p < c.text.size() && is_blank(c.text[p]))
      ++p;
    return p < c.text.size() && c.text[p] == '=';
  }

  // strongSwan allows the '{' of a section on the next line; we also allow comments between.
  static void skip_to_brace(Cursor& c) {
    for (;;) {
      skip_blanks(c);
      if (c.eof()) return;
      if (c.peek() == '#') {
        skip_comment(c);
      } else if (c.peek() == '\n') {
        ++c.pos;
        ++c.line;
      } else {
        return;
      }
    }
  }

  static Status references(Cursor& c, std::vector<std::string>& refs) {
    for (;;) {
      skip_blanks(c);
      std::string ref = read_name(c);
      if (ref.empty()) return fail(c, "expected a section name after ':' or ','");
      refs.push_back(std::move(ref));
      skip_blanks(c);
      if (c.eof() || c.peek() != ',') return {};
      ++c.pos;
    }
  }

  static Status value(Cursor& c, SettingsSection& into, std::string key, SourceLocation where) {
    SecretString text;  // any value may be a secret; its buffers are wiped as it grows
    bool any = false;
    for (;;) {
      skip_blanks(c);
      if (c.eof() || c.peek() == '\n' || c.peek() == '#' || c.peek() == '}') break;
      if (any) text += ' ';
      any = true;
      if (c.peek() == '"') {
        auto st = quoted(c, text);
        if (!st) return st;
      } else {
        while (!c.eof() && !ends_value_word(c.peek()))
          text += c.text[c.pos++];
      }
    }
    into.assign(SettingsValue{std::move(key), std::move(text), !any, std::move(where), {}});
    return {};
  }

  static bool ends_value_word(char c) {
    return c == '#' || c == '}' || c == '"' || c == '\r' || c == '\n' || c == '\t' || c == ' ';
  }

  // At the opening quote; appends the unescaped contents.
  template <class Text>
  static Status quoted(Cursor& c, Text& out) {
    SourceLocation start = c.here();
    ++c.pos;
    while (!c.eof()) {
      char ch = c.text[c.pos++];
      if (ch == '"') return {};
      if (ch == '\r') continue;
      if (ch == '\n') ++c.line;
      if (ch != '\\') {
        out += ch;
        continue;
      }
      if (c.eof()) break;
      escape(c, out);
    }
    return make_error(fmt::format("{}: unterminated quoted string", start.to_string()));
  }

  template <class Text>
  static void escape(Cursor& c, Text& out) {
    char e = c.text[c.pos++];
    switch (e) {
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case '\r':  // "\\\r\n" continues the line
        if (!c.eof() && c.peek() == '\n') ++c.pos;
        ++c.line;
        break;
      case '\n':
        ++c.line;
        break;
      default:
        out += e;
    }
  }

  Status include(Cursor& c, SettingsSection& into, int depth) {
    SourceLocation where = c.here();
    skip_blanks(c);
    std::string pattern;
    if (!c.eof() && c.peek() == '"') {
      auto st = quoted(c, pattern);
      if (!st) return st;
    } else {
      include_pattern(c, pattern);
    }
    if (pattern.empty()) return fail(c, "include needs a file name or pattern");
    if (!options_.allow_includes) {
      return make_error(fmt::format("{}: include is not allowed here", where.to_string()));
    }
    if (pattern[0] != '/') pattern = directory_of(*c.file) + "/" + pattern;
    return include_files(where, pattern, into, depth);
  }

  // Unquoted: up to a blank, '#', '}' or the end of the line; "\ ", "\#", "\}" and "\"" escape.
  static void include_pattern(Cursor& c, std::string& out) {
    while (!c.eof()) {
      char ch = c.peek();
      if (ch == '\n' || ch == '#' || ch == '}' || is_blank(ch)) return;
      ++c.pos;
      if (ch == '\\' && !c.eof()) {
        char next = c.peek();
        if (next == '"' || next == '#' || next == '}' || next == ' ') {
          out += next;
          ++c.pos;
          continue;
        }
      }
      out += ch;
    }
  }

  Status include_files(const SourceLocation& where, const std::string& pattern,
                       SettingsSection& into, int depth) {
    glob_t g{};
    int rc = ::glob(pattern.c_str(), GLOB_ERR, nullptr, &g);
    std::vector<std::string> paths(g.gl_pathv, g.gl_pathv + g.gl_pathc);
    ::globfree(&g);
    if (rc == GLOB_NOMATCH || paths.empty()) {
      // strongSwan skips a pattern that matches nothing; a plain file name that is missing is
      // almost always a typo, so that one is an error here.
      if (has_glob_chars(pattern)) return {};
      return make_error(fmt::format("{}: include '{}': no such file", where.to_string(), pattern));
    }
    if (rc != 0) {
      return make_error(fmt::format("{}: include '{}': cannot read", where.to_string(), pattern));
    }
    for (const auto& path : paths) {
      if (++include_count_ > kMaxIncludeFiles) {
        return make_error(fmt::format("{}: more than {} included files (an include loop?)",
                                      where.to_string(), kMaxIncludeFiles));
      }
      auto st = parse_file(path, into, depth + 1);
      if (!st) {
        return make_error(
            fmt::format("{} (included from {})", st.error().message, where.to_string()));
      }
    }
    return {};
  }

  SettingsTree& tree_;
  const ParseOptions& options_;
  int include_count_ = 0;
};

}  // namespace

Result<SettingsTree> parse_settings_file(const std::string& path, const ParseOptions& options) {
  SettingsTree tree;
  Parser parser(tree, options);
  if (auto st = parser.parse_file(path, tree.root, 0); !st) return st.take_error();
  if (auto st = resolve_references(tree); !st) return st.take_error();
  return tree;
}

Result<SettingsTree> parse_settings_string(std::string_view text, const std::string& name,
                                           const ParseOptions& options) {
  SettingsTree tree;
  tree.files.push_back(name);
  Parser parser(tree, options);
  if (auto st = parser.parse_text(text, name, tree.root, 0); !st) return st.take_error();
  if (auto st = resolve_references(tree); !st) return st.take_error();
  return tree;
}

}  // namespace oakley::config
