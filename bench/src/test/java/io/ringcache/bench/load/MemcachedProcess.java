package io.ringcache.bench.load;

import static org.awaitility.Awaitility.await;

import io.ringcache.client.testing.FreePorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A real Debian memcached on 127.0.0.1 and a free port, for tests; stopped by close(). */
final class MemcachedProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private MemcachedProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/bin/memcached"));
  }

  static MemcachedProcess start(int megabytes) throws IOException {
    int port = FreePorts.next();
    List<String> command = new ArrayList<>(List.of(
        "/usr/bin/memcached", "-U", "0", "-l", "127.0.0.1", "-p", Integer.toString(port), "-m", Integer.toString(megabytes), "-t", "2"));
    if ("root".equals(System.getProperty("user.name"))) {
      command.add("-u");
      command.add("root"); // memcached refuses to run as root without naming the user
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    MemcachedProcess memcached = new MemcachedProcess(process, port);
    try {
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(memcached::accepts);
    } catch (RuntimeException e) {
      memcached.close();
      throw e;
    }
    return memcached;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  private boolean accepts() {
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

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
