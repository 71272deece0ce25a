package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DatedPathTest {
  private static final LocalDate DAY = LocalDate.of(2001, 1, 2);

  @Test
  void expandsFolderPerDay() {
    DatedPath path = DatedPath.of("s3://raw/flights/{yyyy}/{MM}/{dd}/");
    assertThat(path.forDay(DAY)).isEqualTo("s3://raw/flights/2001/01/02");
    assertThat(path.root()).isEqualTo("s3://raw/flights");
    assertThat(path.anyDay())
        .isEqualTo("s3://raw/flights/[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]");
  }

  @Test
  void expandsHiveStyleFolder() {
    DatedPath path = DatedPath.of("raw/flights/date={yyyy}-{MM}-{dd}");
    assertThat(path.forDay(DAY)).isEqualTo("raw/flights/date=2001-01-02");
    assertThat(path.root()).isEqualTo("raw/flights");
    assertThat(path.dayOf("file:/lake/raw/flights/date=2001-01-02/part-1.json")).contains(DAY);
  }

  @Test
  void findsTheDayOfAQualifiedFilePath() {
    DatedPath path = DatedPath.of("sample/raw/flights/{yyyy}/{MM}/{dd}");
    assertThat(path.dayOf("file:/data/sample/raw/flights/2001/01/02/a.json.gz")).contains(DAY);
    assertThat(path.dayOf("s3a://bucket/raw/flights/2001/12/31/sub/b.json"))
        .contains(LocalDate.of(2001, 12, 31));
    assertThat(path.dayOf("file:/data/flights/a.json")).isEmpty();
  }

  @Test
  void rejectsAFolderThatIsNoCalendarDay() {
    DatedPath path = DatedPath.of("raw/{yyyy}/{MM}/{dd}");
    assertThatThrownBy(() -> path.dayOf("file:/raw/2001/02/30/a.json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "Cannot read dated path 'file:/raw/2001/02/30/a.json': it matches source.path"
                + " 'raw/{yyyy}/{MM}/{dd}' but is not a calendar day");
  }

  @Test
  void needsEachPlaceholderOnce() {
    assertThat(DatedPath.isDated("raw/flights/{yyyy}")).isTrue();
    assertThat(DatedPath.isDated("raw/flights/{a,b}")).isFalse();
    assertThatThrownBy(() -> DatedPath.of("raw/flights/{yyyy}/{MM}"))
        .hasMessage(
            "Cannot use dated path 'raw/flights/{yyyy}/{MM}': {dd} appears 0 times; a dated path"
                + " holds each of {yyyy}, {MM} and {dd} once");
    assertThatThrownBy(() -> DatedPath.of("raw/{yyyy}/{MM}/{dd}/{dd}"))
        .hasMessageContaining("{dd} appears 2 times");
  }
}
