package io.ringcache.node.faults;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals by {@code kill -<SIG> <pid>}: ProcessHandle can only TERM and KILL. */
final class Signals {

    private Signals() {
    }

    static void send(String signal, long pid) {
        int exit = run(signal, pid);
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " exited " + exit);
        }
    }

    /** For clean-up: a process that is gone already is no error there. */
    static void sendQuietly(String signal, long pid) {
        run(signal, pid);
    }

    private static int run(String signal, long pid) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
