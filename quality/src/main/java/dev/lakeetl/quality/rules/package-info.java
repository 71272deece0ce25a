/**
 * The rule model: {@link dev.lakeetl.quality.rules.QualityRule} with its {@link
 * dev.lakeetl.quality.rules.Severity} and conditions, the {@link
 * dev.lakeetl.quality.rules.RuleType}s with their {@link dev.lakeetl.quality.rules.RuleParameters},
 * and {@link dev.lakeetl.quality.rules.NativeRules} reading rules from {@code quality.rules.*}. It
 * only describes rules; DQDL is parsed in {@code dqdl} and the rules are checked in the quality
 * package.
 */
package dev.lakeetl.quality.rules;
