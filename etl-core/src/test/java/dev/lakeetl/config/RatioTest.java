package dev.lakeetl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RatioTest {
  private static final String KEY = "quarantine.max-ratio";

  @Test
  void readsFractionsAndPercentages() {
    assertThat(Ratio.parse(KEY, "0.1")).isEqualTo(Ratio.parse(KEY, "10%"));
    assertThat(Ratio.parse(KEY, " 2.5 % ").value()).isEqualByComparingTo("0.025");
    assertThat(Ratio.parse(KEY, "0").value()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(Ratio.parse(KEY, "100%").value()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(Ratio.parse(KEY, "0.1")).hasToString("10%");
    assertThat(Ratio.parse(KEY, "0.025")).hasToString("2.5%");
    assertThat(Ratio.parse(KEY, "0")).hasToString("0%");
  }

  @Test
  void aLimitCanBeTurnedOff() {
    assertThat(Ratio.parseLimit(KEY, "off")).isEmpty();
    assertThat(Ratio.parseLimit(KEY, "OFF")).isEmpty();
    assertThat(Ratio.parseLimit(KEY, "50%")).isEqualTo(Optional.of(Ratio.parse(KEY, "0.5")));
    assertThat(Ratio.isLimit("off")).isTrue();
    assertThat(Ratio.isLimit("1.5")).isFalse();
  }

  @Test
  void anythingElseIsAnErrorNamingTheKey() {
    for (String text : new String[] {"1.5", "-0.1", "150%", "ten", "", "%"}) {
      assertThatThrownBy(() -> Ratio.parse(KEY, text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "Cannot use quarantine.max-ratio '"
                  + text
                  + "': expected a share from 0 to 1 such as 0.1, a percentage such as 10%, or"
                  + " off");
    }
  }

  @Test
  void isExceededOnlyByALargerShare() {
    Ratio tenPercent = Ratio.parse(KEY, "10%");
    assertThat(tenPercent.isExceededBy(100, 1000)).isFalse();
    assertThat(tenPercent.isExceededBy(101, 1000)).isTrue();
    assertThat(tenPercent.isExceededBy(0, 0)).isFalse();
    assertThat(Ratio.parse(KEY, "0").isExceededBy(1, 1_000_000)).isTrue();
    assertThat(Ratio.parse(KEY, "0").isExceededBy(0, 5)).isFalse();
    assertThat(Ratio.parse(KEY, "1").isExceededBy(5, 5)).isFalse();
  }

  @Test
  void percentagesHaveOneDecimal() {
    assertThat(Ratio.percent(54, 100)).isEqualTo("54.0%");
    assertThat(Ratio.percent(1, 3)).isEqualTo("33.3%");
    assertThat(Ratio.percent(2, 3)).isEqualTo("66.7%");
    assertThat(Ratio.percent(0, 0)).isEqualTo("0.0%");
  }
}
