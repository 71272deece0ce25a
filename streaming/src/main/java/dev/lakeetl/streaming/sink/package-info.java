/**
 * Writing micro-batches exactly once: {@link dev.lakeetl.streaming.sink.OnePassSink} splits each
 * batch's decoded records into refined rows and quarantined records, stages them with the windows
 * the batch completes ({@link dev.lakeetl.streaming.sink.WindowStager}) and moves them into place,
 * logged per batch id so a re-run batch is not written twice. Reading and decoding are {@code
 * source}'s and {@code decode}'s.
 */
package dev.lakeetl.streaming.sink;
