package dev.lakeetl.incremental;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeetl.io.SourceFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchIdTest {
  private static final SourceFile A = new SourceFile("s3a://raw/2001/01/01/a.json", 10, 1000);
  private static final SourceFile B = new SourceFile("s3a://raw/2001/01/01/b.json", 20, 2000);

  @Test
  void theSameFilesGiveTheSameIdInAnyOrder() {
    assertThat(BatchId.ofFiles(List.of(A, B))).isEqualTo(BatchId.ofFiles(List.of(B, A)));
    assertThat(BatchId.ofFiles(List.of(A, B)).value()).matches("[0-9a-f]{16}");
  }

  @Test
  void anotherFileOrAChangedFileGivesAnotherId() {
    BatchId both = BatchId.ofFiles(List.of(A, B));

    assertThat(BatchId.ofFiles(List.of(A))).isNotEqualTo(both);
    assertThat(BatchId.ofFiles(List.of(A, new SourceFile(B.path(), 21, 2000)))).isNotEqualTo(both);
    assertThat(BatchId.ofFiles(List.of(A, new SourceFile(B.path(), 20, 2001)))).isNotEqualTo(both);
  }

  @Test
  void runDatesGiveOneIdPerRangeAndPaths() {
    List<String> paths = List.of("s3a://raw/{yyyy}/{MM}/{dd}");
    BatchId day = BatchId.ofRunDates(paths, RunDates.parse("2001-01-01"));

    assertThat(BatchId.ofRunDates(paths, RunDates.parse("2001-01-01"))).isEqualTo(day);
    assertThat(BatchId.ofRunDates(paths, RunDates.parse("2001-01-02"))).isNotEqualTo(day);
    assertThat(
            BatchId.ofRunDates(
                List.of("s3a://other/{yyyy}/{MM}/{dd}"), RunDates.parse("2001-01-01")))
        .isNotEqualTo(day);
  }

  @Test
  void partsAreSeparated() {
    assertThat(BatchId.of("files", List.of("ab", "c")))
        .isNotEqualTo(BatchId.of("files", List.of("a", "bc")));
  }

  @Test
  void aValueThatIsNotSixteenHexDigitsIsRefused() {
    assertThatThrownBy(() -> new BatchId("part-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'part-1'");
  }
}
