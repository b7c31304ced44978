package io.ringcache.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** ringcache-admin's own errors; its commands against a live cluster are in ClusterOperationsTest. */
class AdminCliTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AdminCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new String[] {Integer.toString(cl.execute(args)), out.toString(), err.toString()};
    }

    @Test
    void aBadAdminAddressIsNamed() {
        String[] r = run("status", "--admin", "nonsense");
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[2]).contains("'nonsense' is not host:port");
    }

    @Test
    void aPortWithNothingBehindItIsSaidInOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] r = run("status", "--admin", "127.0.0.1:" + port);
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).startsWith("ringcache-admin: ").hasLineCount(1);
    }
}
