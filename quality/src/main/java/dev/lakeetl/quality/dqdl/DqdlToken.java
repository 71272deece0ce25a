package dev.lakeetl.quality.dqdl;

import java.util.ArrayList;
import java.util.List;

/** One token of a DQDL document, with its character range in the source. */
record DqdlToken(Kind kind, String text, int start, int end) {
  enum Kind {
    WORD,
    STRING,
    NUMBER,
    SYMBOL
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  boolean isWord(String word) {
    return kind == Kind.WORD && text.equals(word);
  }

  /**
   * Splits DQDL text into tokens; {@code #} starts a comment to the end of the line.
   *
   * @throws IllegalArgumentException on an unterminated string or an unknown character
   */
  static List<DqdlToken> tokenize(String text) {
    List<DqdlToken> tokens = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"') {
        int start = i;
        StringBuilder value = new StringBuilder();
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
          if (text.charAt(i) == '\\' && i + 1 < text.length()) {
            // Keep regex escapes as written; only \" unescapes to a quote.
            if (text.charAt(i + 1) == '"') {
              value.append('"');
              i += 2;
              continue;
            }
          }
          value.append(text.charAt(i));
          i++;
        }
        if (i >= text.length()) {
          throw new IllegalArgumentException(
              "Cannot parse DQDL ruleset at character " + (start + 1) + ": unterminated string");
        }
        i++;
        tokens.add(new DqdlToken(Kind.STRING, value.toString(), start, i));
      } else if (Character.isDigit(c)
          || ((c == '-' || c == '.')
              && i + 1 < text.length()
              && Character.isDigit(text.charAt(i + 1)))) {
        int start = i;
        i++;
        while (i < text.length()
            && (Character.isDigit(text.charAt(i))
                || text.charAt(i) == '.'
                || text.charAt(i) == 'e'
                || text.charAt(i) == 'E')) {
          i++;
        }
        tokens.add(new DqdlToken(Kind.NUMBER, text.substring(start, i), start, i));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < text.length()
            && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
          i++;
        }
        tokens.add(new DqdlToken(Kind.WORD, text.substring(start, i), start, i));
      } else if ((c == '>' || c == '<' || c == '!')
          && i + 1 < text.length()
          && text.charAt(i + 1) == '=') {
        tokens.add(new DqdlToken(Kind.SYMBOL, text.substring(i, i + 2), i, i + 2));
        i += 2;
      } else if ("[](){},=<>*:".indexOf(c) >= 0) {
        tokens.add(new DqdlToken(Kind.SYMBOL, String.valueOf(c), i, i + 1));
        i++;
      } else {
        throw new IllegalArgumentException(
            "Cannot parse DQDL ruleset at character " + (i + 1) + ": unexpected '" + c + "'");
      }
    }
    return List.copyOf(tokens);
  }
}
