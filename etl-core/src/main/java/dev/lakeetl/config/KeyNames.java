package dev.lakeetl.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the declared key a misspelt key was probably meant to be. */
final class KeyNames {
  private KeyNames() {}

  /**
   * The closest candidate by edit distance, if it is close enough to be a plausible typo: at most 3
   * edits and less than half the length of the name.
   */
  static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lowerName = name.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      int distance = distance(lowerName, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int limit = Math.min(3, Math.max(1, name.length() / 2 - 1));
    if (best == null || bestDistance > limit) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
  static int distance(String left, String right) {
    int[] previous = new int[right.length() + 1];
    int[] current = new int[right.length() + 1];
    for (int j = 0; j <= right.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= left.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= right.length(); j++) {
        int cost = left.charAt(i - 1) == right.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[right.length()];
  }
}
