package io.ringcache.bench.load;

import java.util.SplittableRandom;

/** The set:get ratio, as memtier writes it: {@code 1:10} is one set for every ten gets. */
public record Mix(int sets, int gets) {
  public Mix {
    if (sets < 0 || gets < 0 || sets + gets == 0) {
      throw new IllegalArgumentException("set:get ratio needs non-negative parts, not both 0");
    }
  }

  public static Mix parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("ratio must be SETS:GETS, e.g. 1:10, got '" + text + "'");
    }
    try {
      return new Mix(
          Integer.parseInt(text.substring(0, colon).trim()),
          Integer.parseInt(text.substring(colon + 1).trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ratio must be SETS:GETS, e.g. 1:10, got '" + text + "'");
    }
  }

  public boolean nextIsSet(SplittableRandom random) {
    return sets > 0 && (gets == 0 || random.nextInt(sets + gets) < sets);
  }

  @Override
  public String toString() {
    return sets + ":" + gets;
  }
}
