package dev.lakeetl.e2e;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An IAM role as a Terraform plan creates it: its inline policies, and the bucket policies its S3
 * requests meet. Decides requests the way AWS decides a same-account request, with {@link
 * IamSimulator}.
 */
final class PlannedRole {
  private static final String S3_ARN = "arn:aws:s3:::";

  private final String arn;
  private final String account;
  private final List<JsonNode> policies;
  private final Map<String, JsonNode> bucketPolicies;

  private PlannedRole(
      String arn, String account, List<JsonNode> policies, Map<String, JsonNode> bucketPolicies) {
    this.arn = arn;
    this.account = account;
    this.policies = List.copyOf(policies);
    this.bucketPolicies = Map.copyOf(bucketPolicies);
  }

  /**
   * The role named {@code name} in {@code plan}.
   *
   * @throws AssertionError when the plan gives it no inline policy
   */
  static PlannedRole of(TerraformPlan plan, String name) {
    requireNonNull(plan, "plan is null");
    requireNonNull(name, "name is null");
    List<JsonNode> policies = new ArrayList<>();
    for (TerraformPlan.Resource policy : plan.resources("aws_iam_role_policy")) {
      if (policy.string("role").equals(name)) {
        policies.add(policy.document("policy"));
      }
    }
    if (policies.isEmpty()) {
      throw new AssertionError(plan.environment() + ": the plan gives role " + name + " no policy");
    }
    Map<String, JsonNode> bucketPolicies = new LinkedHashMap<>();
    for (TerraformPlan.Resource policy : plan.resources("aws_s3_bucket_policy")) {
      bucketPolicies.put(policy.string("bucket"), policy.document("policy"));
    }
    String account = plan.json().at("/variables/account_id/value").asText();
    return new PlannedRole(
        "arn:aws:iam::" + account + ":role/" + name, account, policies, bucketPolicies);
  }

  /** The requests the role's policies do not allow, each with the decision; empty when none. */
  List<String> denied(Collection<IamRequest> needed) {
    List<IamRequest> distinct = distinct(needed);
    List<IamSimulator.Case> cases = new ArrayList<>();
    for (IamRequest request : distinct) {
      JsonNode resourcePolicy = null;
      if (request.resource().startsWith(S3_ARN)) {
        resourcePolicy =
            bucketPolicies.get(request.resource().substring(S3_ARN.length()).split("/")[0]);
      }
      cases.add(new IamSimulator.Case(arn, policies, resourcePolicy, request));
    }
    List<String> decisions = IamSimulator.decide(cases, account);
    List<String> denied = new ArrayList<>();
    for (int index = 0; index < cases.size(); index++) {
      if (!decisions.get(index).equals("Allowed")) {
        denied.add(decisions.get(index) + ": " + distinct.get(index));
      }
    }
    return denied;
  }

  /** The actions the policies allow that none of {@code needed} uses, each with its statement. */
  Set<String> unused(Collection<IamRequest> needed) {
    Set<String> used = new LinkedHashSet<>();
    needed.forEach(request -> used.add(request.action()));
    Set<String> unused = new LinkedHashSet<>();
    for (JsonNode policy : policies) {
      for (JsonNode statement : policy.path("Statement")) {
        if (!statement.path("Effect").asText().equals("Allow")) {
          continue;
        }
        JsonNode actions = statement.path("Action");
        List<String> names = new ArrayList<>();
        if (actions.isArray()) {
          actions.forEach(action -> names.add(action.asText()));
        } else {
          names.add(actions.asText());
        }
        for (String action : names) {
          if (!used.contains(action)) {
            unused.add(action + " (" + statement.path("Sid").asText() + ")");
          }
        }
      }
    }
    return unused;
  }

  /** The requests without repeats (same action, resource and context). */
  static List<IamRequest> distinct(Collection<IamRequest> needed) {
    Map<String, IamRequest> distinct = new LinkedHashMap<>();
    for (IamRequest request : needed) {
      distinct.putIfAbsent(
          request.action() + " " + request.resource() + " " + request.context(), request);
    }
    return List.copyOf(distinct.values());
  }
}
