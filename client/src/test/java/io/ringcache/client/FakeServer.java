package io.ringcache.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted memcached stand-in on 127.0.0.1 for failures a real server will not produce on demand:
 * never answering, answering late, answering garbage. It reads request lines (no data blocks) and
 * answers each with {@code script.answer(connectionIndex, lineIndex, line)}; null means silence.
 * When {@code gated}, each answer waits for a permit from {@link #release(int)}.
 */
final class FakeServer implements AutoCloseable {
  interface Script {
    byte[] answer(int connection, int line, String request);
  }

  private final ServerSocket server;
  private final Script script;
  private final Semaphore gate;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile boolean closed;

  FakeServer(Script script, boolean gated) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.script = script;
    this.gate = gated ? new Semaphore(0) : null;
    this.acceptor = new Thread(this::acceptLoop, "fake-memcached-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FakeServer silent() throws IOException {
    return new FakeServer((c, l, r) -> null, false);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  int connectionsAccepted() {
    return connections.get();
  }

  void release(int answers) {
    gate.release(answers);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        int index = connections.getAndIncrement();
        Thread t = new Thread(() -> serve(s, index), "fake-memcached-conn-" + index);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      StringBuilder line = new StringBuilder();
      int lineIndex = 0;
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          String request = line.toString().replace("\r", "");
          line.setLength(0);
          byte[] answer = script.answer(connection, lineIndex++, request);
          if (answer != null) {
            if (gate != null) {
              gate.acquire();
            }
            out.write(answer);
            out.flush();
          }
        } else {
          line.append((char) b);
        }
      }
    } catch (IOException | InterruptedException e) {
      // connection closed by the client or by close()
    }
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
    if (gate != null) {
      gate.release(1_000_000);
    }
  }
}
