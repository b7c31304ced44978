package io.ringcache.node.conformance;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every script under {@code conformance/differential}, fed whole, byte by byte and in odd chunks,
 * to real memcached and to the target: both must give the script's answers, so they give the same
 * answers (CAS uniques compared by pattern, version and stats values by shape only).
 */
class DifferentialConformanceTest {

    static Stream<Arguments> runs() {
        return Scenarios.in("/conformance/differential").stream()
                .flatMap(scenario -> Feed.all(Scenarios.seedOf(scenario)).stream()
                        .map(feed -> Arguments.of(scenario, feed)));
    }

    @ParameterizedTest(name = "{0} fed {1}")
    @MethodSource("runs")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void memcachedAndTargetAnswerTheScript(Scenario scenario, Feed feed) throws IOException {
        try (MemcachedProcess oracle = MemcachedProcess.start()) {
            ScenarioRunner.run(scenario, oracle.name(), oracle.address(), feed);
        }
        try (ServerUnderTest target = Targets.start()) {
            ScenarioRunner.run(scenario, target.name(), target.address(), feed);
        }
    }
}
