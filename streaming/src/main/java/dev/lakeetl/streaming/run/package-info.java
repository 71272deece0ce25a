/**
 * A streaming run while it runs: {@link dev.lakeetl.streaming.run.RunLoop} watches the queries
 * until a {@link dev.lakeetl.streaming.run.StopSignal} or a failure, logs each micro-batch's
 * progress and rewrites the run report ({@link dev.lakeetl.streaming.run.StreamingReport}) as it
 * goes. It builds no query; the job's top package does.
 */
package dev.lakeetl.streaming.run;
