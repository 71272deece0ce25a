package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RunDatesTest {
  @Test
  void parsesOneDay() {
    RunDates dates = RunDates.parse("2001-01-02");
    assertThat(dates.days()).containsExactly(LocalDate.of(2001, 1, 2));
    assertThat(dates).hasToString("2001-01-02");
  }

  @Test
  void parsesAnInclusiveRangeAcrossAMonth() {
    RunDates dates = RunDates.parse(" 2001-01-31..2001-02-02 ");
    assertThat(dates.days())
        .containsExactly(
            LocalDate.of(2001, 1, 31), LocalDate.of(2001, 2, 1), LocalDate.of(2001, 2, 2));
    assertThat(dates.contains(LocalDate.of(2001, 2, 1))).isTrue();
    assertThat(dates.contains(LocalDate.of(2001, 2, 3))).isFalse();
    assertThat(dates).hasToString("2001-01-31..2001-02-02");
  }

  @Test
  void rejectsWhatIsNotADay() {
    assertThatThrownBy(() -> RunDates.parse("2001-02-30"))
        .hasMessage(
            "Cannot parse run date '2001-02-30': expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"
                + " (both days included)");
    assertThatThrownBy(() -> RunDates.parse("2001/01/02"))
        .hasMessageStartingWith("Cannot parse run date '2001/01/02'");
    assertThatThrownBy(() -> RunDates.parse("2001-01-02.."))
        .hasMessageStartingWith("Cannot parse run date '2001-01-02..'");
  }

  @Test
  void rejectsBackwardsAndOverlongRanges() {
    assertThatThrownBy(() -> RunDates.parse("2001-01-03..2001-01-01"))
        .hasMessage(
            "Cannot select run dates 2001-01-03..2001-01-01: the range ends before it starts");
    assertThatThrownBy(() -> RunDates.parse("2001-01-01..2002-01-02"))
        .hasMessage(
            "Cannot select run dates 2001-01-01..2002-01-02: 367 days, at most 366 per run");
  }
}
