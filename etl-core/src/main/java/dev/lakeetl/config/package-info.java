/**
 * Job configuration: typed keys, their schema, and loading the spec file, environment overlay and
 * arguments into validated {@link dev.lakeetl.config.Settings} by {@link
 * dev.lakeetl.config.ConfigLoader}. {@link dev.lakeetl.config.CoreKeys} declares the keys every
 * batch job shares and {@code CoreConfigs} maps them to the records of {@code io} and {@code
 * spark}. Capabilities with their own keys ({@code incremental}, {@code notify}, the quality module
 * and the jobs) declare and read them in their own packages.
 */
package dev.lakeetl.config;
