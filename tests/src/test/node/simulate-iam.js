// Evaluates AWS requests against IAM policies offline with npm @cloud-copilot/iam-simulate, the
// way AWS evaluates them: the principal's identity policies and the resource's policy.
//
// Reads {"cases": [{"principal": arn, "identityPolicies": [{"name", "policy"}],
//                   "resourcePolicy": policy or null, "action": "s3:GetObject",
//                   "resource": arn, "accountId": "123456789012", "context": {...}}]}
// from standard input and prints [{"result": "Allowed" | "ImplicitlyDenied" |
// "ExplicitlyDenied", "errors": ...}] in the same order. Needs the package on NODE_PATH.
"use strict";

const { runSimulation } = require("@cloud-copilot/iam-simulate");

async function main() {
  const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const results = [];
  for (const check of input.cases) {
    const simulation = {
      request: {
        principal: check.principal,
        action: check.action,
        resource: { resource: check.resource, accountId: check.accountId },
        contextVariables: check.context || {},
      },
      identityPolicies: check.identityPolicies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: check.resourcePolicy || undefined,
    };
    const outcome = await runSimulation(simulation, {});
    if (outcome.resultType === "error") {
      results.push({ result: "Error", errors: outcome.errors });
    } else {
      results.push({ result: outcome.overallResult });
    }
  }
  process.stdout.write(JSON.stringify(results));
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
