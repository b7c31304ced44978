package io.ringcache.membership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GossipAddressTest {

  @Test
  void seedsReachScalecubeInTheFormItParses() {
    assertThat(GossipCluster.scalecubeAddress("10.0.0.5:7946")).isEqualTo("10.0.0.5:7946");
    assertThat(GossipCluster.scalecubeAddress(" [::1]:7946 ")).isEqualTo("::1:7946");
    assertThat(GossipCluster.scalecubeAddress("::1:7946")).isEqualTo("::1:7946");
  }
}
