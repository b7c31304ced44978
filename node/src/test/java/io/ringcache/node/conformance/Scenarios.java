package io.ringcache.node.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The scenario scripts of one resource folder, in name order. */
final class Scenarios {

    private Scenarios() {
    }

    static List<Scenario> in(String folder) {
        URL url = Scenarios.class.getResource(folder);
        if (url == null) {
            throw new IllegalStateException("no scenario folder " + folder + " on the test classpath");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<Scenario> scenarios = files
                    .map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".script"))
                    .sorted()
                    .map(name -> Scenario.load(folder + "/" + name))
                    .toList();
            if (scenarios.isEmpty()) {
                throw new IllegalStateException("no .script files in " + folder);
            }
            return scenarios;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A seed per scenario, so its odd chunks are the same on every run and every machine. */
    static long seedOf(Scenario scenario) {
        return 0x5EEDL * 31 + scenario.name().hashCode();
    }
}
