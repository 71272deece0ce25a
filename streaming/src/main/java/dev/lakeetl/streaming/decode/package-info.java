/**
 * Decoding stream records into typed columns: {@link dev.lakeetl.streaming.decode.RecordDecoder}
 * decompresses each payload and parses it as JSON, CSV, Avro or a Grok-matched log line, with the
 * schema from {@link dev.lakeetl.streaming.decode.DecodeSchemas}. A record that cannot be decoded
 * is kept with its error; splitting refined from quarantined records is the sink's.
 */
package dev.lakeetl.streaming.decode;
