#include "base/json_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace kubetune {
namespace {

void AppendEscapedString(const std::string& s, std::string& out) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\f') {
      out += "\\f";
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      // Decode one UTF-8 sequence (nlohmann has validated it) and escape it as Python does.
      uint32_t cp = c;
      int extra = 0;
      if (c >= 0xf0) {
        cp = c & 0x07, extra = 3;
      } else if (c >= 0xe0) {
        cp = c & 0x0f, extra = 2;
      } else if (c >= 0xc0) {
        cp = c & 0x1f, extra = 1;
      }
      for (int k = 0; k < extra && i + 1 < s.size(); ++k) {
        cp = (cp << 6) | (static_cast<unsigned char>(s[++i]) & 0x3f);
      }
      char buf[16];
      if (cp >= 0x10000) {
        uint32_t v = cp - 0x10000;
        std::snprintf(buf, sizeof(buf), "\\u%04x\\u%04x", 0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
      } else {
        std::snprintf(buf, sizeof(buf), "\\u%04x", cp);
      }
      out += buf;
    }
    ++i;
  }
  out += '"';
}

void AppendNewline(int indent, int depth, std::string& out) {
  out += '\n';
  out.append(static_cast<size_t>(indent * depth), ' ');
}

void Append(const Json& value, int indent, int depth, std::string& out) {
  switch (value.type()) {
    case Json::value_t::null:
      out += "null";
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::number_integer:
      out += std::to_string(value.get<int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(value.get<uint64_t>());
      return;
    case Json::value_t::number_float:
      out += PythonFloatRepr(value.get<double>());
      return;
    case Json::value_t::string:
      AppendEscapedString(value.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::array: {
      if (value.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += indent > 0 ? "," : ", ";
        if (indent > 0) AppendNewline(indent, depth + 1, out);
        Append(item, indent, depth + 1, out);
        first = false;
      }
      if (indent > 0) AppendNewline(indent, depth, out);
      out += ']';
      return;
    }
    case Json::value_t::object: {
      if (value.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out += indent > 0 ? "," : ", ";
        if (indent > 0) AppendNewline(indent, depth + 1, out);
        AppendEscapedString(key, out);
        out += ": ";
        Append(item, indent, depth + 1, out);
        first = false;
      }
      if (indent > 0) AppendNewline(indent, depth, out);
      out += '}';
      return;
    }
    case Json::value_t::binary:
    case Json::value_t::discarded:
      out += "null";
      return;
  }
}

}  // namespace

std::string PythonFloatRepr(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";

  // Shortest round-trip digits in scientific form, e.g. "-1.2345e-05".
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  std::string sci(buf, end);
  std::string out;
  size_t pos = 0;
  if (sci[0] == '-') {
    out += '-';
    pos = 1;
  }
  size_t e_pos = sci.find('e');
  std::string digits;
  for (size_t i = pos; i < e_pos; ++i) {
    if (sci[i] != '.') digits += sci[i];
  }
  int exponent = std::atoi(sci.c_str() + e_pos + 1);
  // Python keeps positional notation while the decimal point falls in (-4, 16].
  int decpt = exponent + 1;
  int ndigits = static_cast<int>(digits.size());
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0.";
      out.append(static_cast<size_t>(-decpt), '0');
      out += digits;
    } else if (decpt >= ndigits) {
      out += digits;
      out.append(static_cast<size_t>(decpt - ndigits), '0');
      out += ".0";
    } else {
      out += digits.substr(0, static_cast<size_t>(decpt));
      out += '.';
      out += digits.substr(static_cast<size_t>(decpt));
    }
    return out;
  }
  out += digits[0];
  if (ndigits > 1) {
    out += '.';
    out += digits.substr(1);
  }
  char exp_buf[16];
  std::snprintf(exp_buf, sizeof(exp_buf), "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
  out += exp_buf;
  return out;
}

std::string DumpPythonJson(const Json& value, int indent) {
  std::string out;
  Append(value, indent, 0, out);
  return out;
}

StatusOr<Json> ParseJson(std::string_view text) {
  try {
    return Json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return InvalidArgumentError(std::string("malformed JSON: ") + e.what());
  }
}

}  // namespace kubetune
