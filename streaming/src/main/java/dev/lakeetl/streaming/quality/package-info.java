/**
 * The quality rules checked on every micro-batch inside the sink: {@link
 * dev.lakeetl.streaming.quality.BatchQuality} plans and checks the batch's rules and the {@link
 * dev.lakeetl.streaming.quality.RejectLimit} on its quarantined share, keeping a tally per rule for
 * the run report. The rules themselves and their checks come from the quality module; writing the
 * batch is the sink's.
 */
package dev.lakeetl.streaming.quality;
