package io.ringcache.bench.load;

import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s, in constant time and without
 * tables, by rejection-inversion: W. Hörmann and G. Derflinger, "Rejection-inversion to generate
 * variates from monotone discrete distributions", ACM TOMACS 6(3), 1996. A table of n cumulative
 * weights would cost 8n bytes and a binary search per draw; this costs a few logs and exps and
 * accepts more than 90% of the first candidates for every exponent we use.
 *
 * <p>Immutable and thread-safe; the randomness comes from the caller's generator.
 */
public final class ZipfSampler implements KeyChooser {
  private final long n;
  private final double exponent;
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double s;

  public ZipfSampler(long n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("key space must hold at least one key, got " + n);
    }
    if (!(exponent > 0)) {
      throw new IllegalArgumentException("Zipf exponent must be > 0, got " + exponent);
    }
    this.n = n;
    this.exponent = exponent;
    this.hIntegralX1 = hIntegral(1.5) - 1d;
    this.hIntegralN = hIntegral(n + 0.5);
    this.s = 2d - hIntegralInverse(hIntegral(2.5) - h(2));
  }

  public double exponent() {
    return exponent;
  }

  @Override
  public long keyCount() {
    return n;
  }

  /** A rank in [0, n): rank 0 is the most popular key. */
  @Override
  public long next(SplittableRandom random) {
    while (true) {
      double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
      double x = hIntegralInverse(u);
      long k = (long) (x + 0.5);
      if (k < 1) {
        k = 1;
      } else if (k > n) {
        k = n;
      }
      // The cheap test accepts most draws; the exact one settles the rest.
      if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
        return k - 1;
      }
    }
  }

  private double h(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  /** Antiderivative of h, continuous in the exponent (log x at exponent 1). */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return expm1OverX((1d - exponent) * logX) * logX;
  }

  private double hIntegralInverse(double x) {
    double t = x * (1d - exponent);
    if (t < -1d) {
      t = -1d; // rounding can push t just past -1, where log1p is undefined
    }
    return Math.exp(log1pOverX(t) * x);
  }

  private static double log1pOverX(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.log1p(x) / x;
    }
    return 1d - x * (0.5 - x * (1d / 3d - 0.25 * x));
  }

  private static double expm1OverX(double x) {
    if (Math.abs(x) > 1e-8) {
      return Math.expm1(x) / x;
    }
    return 1d + x * 0.5 * (1d + x / 3d * (1d + 0.25 * x));
  }

  @Override
  public String toString() {
    return "zipf(" + exponent + ") over " + n + " keys";
  }
}
