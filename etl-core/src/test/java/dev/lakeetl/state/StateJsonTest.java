package dev.lakeetl.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeetl.state.StateJson.Layout;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StateJsonTest {
  private static final String DOCUMENT =
      "{\"name\": \"a\", \"size\": 3, \"at\": \"2026-11-23T16:01:02.125Z\", \"unit\": \"SECONDS\","
          + " \"sizes\": {\"b\": 2, \"a\": 1}, \"note\": null}";

  @Test
  void readsTypedFields() {
    StateJson json = StateJson.parse(DOCUMENT, "test file", "t.json");

    assertThat(json.text(json.root(), "name")).isEqualTo("a");
    assertThat(json.number(json.root(), "size")).isEqualTo(3);
    assertThat(json.instant(json.root(), "at"))
        .isEqualTo(Instant.parse("2026-11-23T16:01:02.125Z"));
    assertThat(json.constant(json.root(), "unit", TimeUnit.class)).isEqualTo(TimeUnit.SECONDS);
    assertThat(json.fields(json.root(), "sizes", node -> node.asLong()))
        .containsExactly(Map.entry("b", 2L), Map.entry("a", 1L));
    assertThat(json.optionalText(json.root(), "note")).isEmpty();
    assertThat(json.optionalText(json.root(), "absent")).isEmpty();
    assertThat(json.optionalInstant(json.root(), "at"))
        .contains(Instant.parse("2026-11-23T16:01:02.125Z"));
    assertThat(json.optionalInstant(json.root(), "note")).isEmpty();
    assertThat(json.optionalInstant(json.root(), "absent")).isEmpty();
  }

  @Test
  void errorsNameTheDocumentAndTheField() {
    StateJson json = StateJson.parse(DOCUMENT, "test file", "t.json");

    assertThatThrownBy(() -> json.text(json.root(), "note"))
        .hasMessage("Cannot read test file t.json: field 'note' is missing");
    assertThatThrownBy(() -> json.number(json.root(), "name"))
        .hasMessage("Cannot read test file t.json: field 'name' is not a number: \"a\"");
    assertThatThrownBy(() -> json.instant(json.root(), "name"))
        .hasMessage("Cannot read test file t.json: field 'name' is not an ISO instant: 'a'");
    assertThatThrownBy(() -> json.optionalInstant(json.root(), "name"))
        .hasMessage("Cannot read test file t.json: field 'name' is not an ISO instant: 'a'");
    assertThatThrownBy(() -> json.constant(json.root(), "name", TimeUnit.class))
        .hasMessageStartingWith(
            "Cannot read test file t.json: field 'name' is 'a', expected one of [");
    assertThatThrownBy(() -> StateJson.parse("{", "test file", "t.json"))
        .hasMessageStartingWith("Cannot read test file t.json: not JSON: ");
    assertThatThrownBy(() -> StateJson.parse("[1]", "test file", "t.json"))
        .hasMessage("Cannot read test file t.json: not a JSON object");
  }

  @Test
  void errorsInAnEntryNameIt() {
    StateJson json = StateJson.parse(DOCUMENT, "test file", "t.json");

    assertThatThrownBy(() -> json.fields(json.root(), "sizes", node -> json.text(node, "x")))
        .hasMessage("Cannot read test file t.json: entry 'b' of 'sizes': field 'x' is missing");
    assertThatThrownBy(
            () ->
                json.fields(
                    json.root(),
                    "sizes",
                    node -> {
                      throw new IllegalArgumentException("size " + node + " is too small");
                    }))
        .hasMessage("Cannot read test file t.json: entry 'b' of 'sizes': size 2 is too small");
    assertThatThrownBy(() -> json.fields(json.root(), "name", node -> node))
        .hasMessage("Cannot read test file t.json: field 'name' is not an object: \"a\"");
  }

  @Test
  void writesTheVersionFirstInEachLayout() {
    ObjectNode document = StateJson.newDocument("format", 2);
    document.put("name", "a");
    document.putArray("sizes").add(1);

    assertThat(StateJson.write(document, Layout.COMPACT))
        .isEqualTo("{\"format\":2,\"name\":\"a\",\"sizes\":[1]}");
    assertThat(StateJson.write(document, Layout.LINE))
        .isEqualTo("{\"format\":2,\"name\":\"a\",\"sizes\":[1]}\n");
    assertThat(StateJson.write(document, Layout.INDENTED))
        .isEqualTo("{\n  \"format\" : 2,\n  \"name\" : \"a\",\n  \"sizes\" : [ 1 ]\n}\n");
    assertThat(StateJson.write(StateJson.newDocument(), Layout.COMPACT)).isEqualTo("{}");
  }

  @Test
  void readsBackTheVersionItWrote() {
    ObjectNode document = StateJson.newDocument("format", 2);

    StateJson json = StateJson.parse(StateJson.write(document, Layout.INDENTED), "test file", "t");

    assertThat(json.version("format", 1, 2)).isEqualTo(2);
  }

  @Test
  void anotherVersionIsRefusedNamingTheVersionsThisBuildReads() {
    assertThatThrownBy(() -> version("{\"format\": 3}", "format", 1, 2))
        .hasMessage(
            "Cannot read test file t.json: format 3 is not supported (this build reads format 1 or"
                + " 2)");
    assertThatThrownBy(() -> version("{\"version\": 0}", "version", 1))
        .hasMessage(
            "Cannot read test file t.json: version 0 is not supported (this build reads version 1)");
    assertThatThrownBy(() -> version("{\"format\": \"1\"}", "format", 1))
        .hasMessage("Cannot read test file t.json: field 'format' is not a whole number: \"1\"");
    assertThatThrownBy(() -> version("{}", "format", 1))
        .hasMessage("Cannot read test file t.json: field 'format' is missing");
  }

  private static int version(String text, String field, int... readable) {
    return StateJson.parse(text, "test file", "t.json").version(field, readable);
  }

  @Test
  void aValueItsTypeRefusesNamesTheDocumentOnce() {
    StateJson json = StateJson.parse(DOCUMENT, "test file", "t.json");

    assertThatThrownBy(
            () ->
                json.build(
                    () -> {
                      throw new IllegalArgumentException("size < 0");
                    }))
        .hasMessage("Cannot read test file t.json: size < 0");
    assertThatThrownBy(() -> json.build(() -> json.text(json.root(), "absent")))
        .hasMessage("Cannot read test file t.json: field 'absent' is missing");
  }
}
