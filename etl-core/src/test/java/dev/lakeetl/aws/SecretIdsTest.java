package dev.lakeetl.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretIdsTest {
  @Test
  void aNameHasNoRegionOfItsOwn() {
    assertThat(SecretIds.region("lakeetl-prod/slack-webhook")).isEmpty();
  }

  @Test
  void anArnNamesItsRegion() {
    assertThat(
            SecretIds.region(
                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lakeetl-prod/slack-webhook-AbCdEf"))
        .contains("eu-west-1");
    assertThat(
            SecretIds.region(
                "arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:lakeetl/slack-AbCdEf"))
        .contains("cn-north-1");
  }

  @Test
  void anArnOfAnotherServiceIsRejected() {
    assertThatThrownBy(() -> SecretIds.region("arn:aws:ssm:eu-west-1:123456789012:parameter/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not the ARN of a Secrets Manager secret");
    assertThatThrownBy(() -> SecretIds.region("arn:aws:secretsmanager::123456789012:secret:x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
