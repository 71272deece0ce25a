package dev.lakeetl.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.event.ruler.Machine;

/**
 * Failed runs reach a person, for every environment: the plan's EventBridge rule matches the events
 * Glue sends when one of the environment's jobs ends FAILED, TIMEOUT or ERROR (EventBridge's own
 * pattern matcher, events as AWS documents them) and nothing else, it targets the environment's SNS
 * topic, and the topic's policy lets exactly its rules publish (a real IAM policy evaluator).
 */
class AlertsTest {
  @ParameterizedTest
  @MethodSource("dev.lakeetl.e2e.Terraform#environments")
  void aFailedGlueRunOfTheEnvironmentAlerts(String environment) throws Exception {
    TerraformPlan plan =
        Terraform.plan("AlertsTest.aFailedGlueRunOfTheEnvironmentAlerts", environment);
    TerraformPlan.Resource rule = plan.resource("aws_cloudwatch_event_rule", "glue_job_failed");
    Machine machine = new Machine();
    machine.addRule(rule.string("name"), rule.string("event_pattern"));

    for (TerraformPlan.Resource job : plan.resources("aws_glue_job")) {
      String name = job.string("name");
      for (String state : List.of("FAILED", "TIMEOUT", "ERROR")) {
        assertThat(machine.rulesForJSONEvent(glueEvent(name, state)))
            .as(name + " " + state)
            .containsExactly(rule.string("name"));
      }
      assertThat(machine.rulesForJSONEvent(glueEvent(name, "SUCCEEDED"))).as(name).isEmpty();
      assertThat(machine.rulesForJSONEvent(glueEvent(name, "STOPPED")))
          .as("a run stopped on purpose (a deploy restarting the stream) does not alert")
          .isEmpty();
    }
    String other = environment.equals("prod") ? "qa" : "prod";
    assertThat(
            machine.rulesForJSONEvent(glueEvent("lakeetl-" + other + "-raw-to-refined", "FAILED")))
        .as("another environment's job")
        .isEmpty();

    TerraformPlan.Resource topic = plan.resource("aws_sns_topic", "alerts");
    String topicArn =
        "arn:aws:sns:"
            + plan.json().at("/variables/region/value").asText()
            + ":"
            + plan.json().at("/variables/account_id/value").asText()
            + ":"
            + topic.string("name");
    for (TerraformPlan.Resource target : plan.resources("aws_cloudwatch_event_target")) {
      assertThat(plan.unknownAttributes(target.address())).contains("arn");
      assertThat(target.values().at("/input_transformer/0/input_template").asText())
          .startsWith("\"lakeetl-" + environment + ":");
    }

    JsonNode policy = plan.resource("aws_sns_topic_policy", "alerts").document("policy");
    String ruleArn = ruleArn(plan, rule.string("name"));
    String emrRuleArn =
        ruleArn(
            plan,
            plan.resource("aws_cloudwatch_event_rule", "emr_serverless_job_failed").string("name"));
    List<IamSimulator.Case> cases = new ArrayList<>();
    for (String source :
        List.of(ruleArn, emrRuleArn, ruleArn.replace("glue-job-failed", "other"))) {
      cases.add(
          new IamSimulator.Case(
              "events.amazonaws.com",
              List.of(),
              policy,
              new IamRequest(
                  "sns:Publish", topicArn, Map.of("aws:SourceArn", source), "EventBridge rule")));
    }
    assertThat(IamSimulator.decide(cases, plan.json().at("/variables/account_id/value").asText()))
        .containsExactly("Allowed", "Allowed", "ImplicitlyDenied");
  }

  private static String ruleArn(TerraformPlan plan, String name) {
    return "arn:aws:events:"
        + plan.json().at("/variables/region/value").asText()
        + ":"
        + plan.json().at("/variables/account_id/value").asText()
        + ":rule/"
        + name;
  }

  /** A Glue Job State Change event as the Glue documentation shows it. */
  private static String glueEvent(String job, String state) {
    return """
        {"version": "0", "id": "abcdef00-1234-5678-9abc-def012345678",
         "detail-type": "Glue Job State Change", "source": "aws.glue",
         "account": "123456789012", "time": "2026-12-06T03:12:21Z", "region": "eu-west-1",
         "resources": [],
         "detail": {"jobName": "%s", "severity": "ERROR", "state": "%s",
                    "jobRunId": "jr_0123456789abcdef", "message": "Cannot run job: exit code 1"}}
        """
        .formatted(job, state);
  }
}
