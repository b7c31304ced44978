package io.ringcache.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writtenDocumentsParseBackToTheSameValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "a \"quoted\"\nline\\");
    m.put("ops", 12345L);
    m.put("ratio", 0.25);
    m.put("nan", Double.NaN);
    m.put("ok", true);
    m.put("list", List.of(1, "two", List.of()));
    m.put("empty", Map.of());
    Map<?, ?> parsed = (Map<?, ?>) Json.parse(Json.write(m));
    assertThat(parsed.containsKey("nan")).isTrue();
    assertThat(parsed.get("nan")).isNull();
    parsed.remove("nan");
    assertThat(parsed).isEqualTo(Map.of(
        "name", "a \"quoted\"\nline\\",
        "ops", 12345.0,
        "ratio", 0.25,
        "ok", true,
        "list", List.of(1.0, "two", List.of()),
        "empty", Map.of()));
  }

  @Test
  void malformedDocumentsAreRejectedWithTheirOffset() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1,}")).hasMessageContaining("offset");
    assertThatThrownBy(() -> Json.parse("{\"a\": 1} x")).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Json.parse("[1, 2")).isInstanceOf(IllegalArgumentException.class);
  }
}
