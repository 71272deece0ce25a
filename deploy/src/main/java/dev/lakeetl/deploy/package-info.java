/**
 * The {@code etl-deploy} tool: uploads a version's job jars, Glue entry scripts and configuration
 * to the artifacts bucket, points the Glue jobs at it and runs jobs on Glue and EMR Serverless.
 * {@link dev.lakeetl.deploy.DeployCli} is the entry point; {@link dev.lakeetl.deploy.GlueRequests}
 * and {@link dev.lakeetl.deploy.EmrRequests} build the API requests without calling AWS, so {@code
 * --dry-run} and the tests see exactly what is sent. The AWS resources themselves (jobs,
 * applications, roles, buckets) are Terraform's, in {@code infrastructure/}; this package only uses
 * them.
 */
package dev.lakeetl.deploy;
