package dev.lakeetl.quality.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConditionTest {
  @Test
  void parsesComparisonsRangesAndPlainNumbers() {
    assertThat(Condition.parse("0.95").test(0.95)).isTrue();
    assertThat(Condition.parse("0.95").test(0.94)).isFalse();
    assertThat(Condition.parse("> 10").test(10)).isFalse();
    assertThat(Condition.parse(">=10").test(10)).isTrue();
    assertThat(Condition.parse("< -1.5").test(-2)).isTrue();
    assertThat(Condition.parse("!= 0").test(0)).isFalse();
    assertThat(Condition.parse("= 1.0").toString()).isEqualTo("= 1");
    Condition between = Condition.parse("between 1 and 10");
    assertThat(between.test(1)).as("DQDL between excludes its bounds").isFalse();
    assertThat(between.test(5)).isTrue();
    assertThat(between.toString()).isEqualTo("between 1 and 10");
    assertThat(Condition.inRange(0, 5).test(5)).isTrue();
  }

  @Test
  void rejectsTextThatIsNoCondition() {
    assertThatThrownBy(() -> Condition.parse("about 5"))
        .hasMessageStartingWith("Cannot parse condition 'about 5'");
    assertThatThrownBy(() -> Condition.parse("between 5 and 1"))
        .hasMessageContaining("lower bound 5 is above upper bound 1");
  }
}
