package io.ringcache.client;

import static org.awaitility.Awaitility.await;

import io.ringcache.client.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real memcached on 127.0.0.1 and a free port, for tests. Kill/restart keep the port. */
final class MemcachedProcess implements AutoCloseable {
  private static final String BINARY = findBinary();

  private final int port;
  private Process process;

  private MemcachedProcess(int port) {
    this.port = port;
  }

  static MemcachedProcess start() {
    MemcachedProcess m = new MemcachedProcess(FreePorts.next());
    m.launch();
    return m;
  }

  int port() {
    return port;
  }

  InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** SIGKILL: the server vanishes mid-stream, as in a crash. */
  void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  void restart() {
    kill();
    launch();
  }

  @Override
  public void close() {
    kill();
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of(BINARY, "-U", "0", "-l", "127.0.0.1", "-p",
        Integer.toString(port), "-m", "64", "-t", "1", "-c", "256"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("-u");
      command.add("root");
    }
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start memcached", e);
    }
    await("memcached accepting on port " + port).atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20)).until(this::accepting);
  }

  private boolean accepting() {
    if (!process.isAlive()) {
      throw new IllegalStateException("memcached exited with " + process.exitValue());
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String findBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      File f = new File(dir, "memcached");
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    for (String p : List.of("/usr/bin/memcached", "/usr/local/bin/memcached")) {
      if (new File(p).canExecute()) {
        return p;
      }
    }
    throw new IllegalStateException("memcached not found on PATH: these tests run against a real "
        + "memcached. Install it with: apt-get install memcached");
  }
}
