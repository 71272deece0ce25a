/**
 * Reads rulesets written in AWS Glue Data Quality's DQDL: {@link
 * dev.lakeetl.quality.dqdl.DqdlParser} turns a DQDL document into the same rules native
 * configuration declares. It only parses; the rule model is in {@code rules} and checking the rules
 * is the quality package's.
 */
package dev.lakeetl.quality.dqdl;
