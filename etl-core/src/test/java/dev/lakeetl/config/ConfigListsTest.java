package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigListsTest {
  @Test
  void itemsWithCommasOrQuotesSurviveJoinAndSplit() {
    List<String> items = List.of("CA", "Washington, D.C.", "say \"hi\"", "");

    String text = ConfigLists.join(items);

    assertThat(text).isEqualTo("CA,\"Washington, D.C.\",\"say \"\"hi\"\"\",");
    assertThat(ConfigLists.split(text)).isEqualTo(items);
  }

  @Test
  void plainTextSplitsOnCommasAsBefore() {
    assertThat(ConfigLists.split("a, b,c")).containsExactly("a", " b", "c");
    assertThat(ConfigLists.split("a, \"b, c\" ,d")).containsExactly("a", "b, c", "d");
    assertThatThrownBy(() -> ConfigLists.split("a,\"b"))
        .hasMessageContaining("a quoted item is not closed");
  }
}
