package io.ringcache.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU seconds used so far by this JVM and by the server processes under test. On a small machine
 * the generator and the server share the cores, so both figures belong in every report.
 */
final class CpuMeter {
  /** USER_HZ: the unit of /proc/PID/stat times; 100 on every Linux we run on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final List<Long> serverPids;

  CpuMeter(List<Long> serverPids) {
    this.serverPids = serverPids;
  }

  double generatorSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Summed over the server pids; NaN when there are none or /proc cannot be read. */
  double serverSeconds() {
    if (serverPids.isEmpty()) {
      return Double.NaN;
    }
    double total = 0;
    for (long pid : serverPids) {
      double seconds = processSeconds(pid);
      if (Double.isNaN(seconds)) {
        return Double.NaN;
      }
      total += seconds;
    }
    return total;
  }

  static double processSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name may hold spaces and parentheses; the fields we want follow the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long userTicks = Long.parseLong(fields[11]);
      long systemTicks = Long.parseLong(fields[12]);
      return (userTicks + systemTicks) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
