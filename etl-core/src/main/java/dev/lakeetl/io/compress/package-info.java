/**
 * The compression codecs the readers use, registered on a session by {@link
 * dev.lakeetl.io.compress.CompressionCodecs}: gzip, bzip2 and zlib codecs whose read failures name
 * the file with an {@link dev.lakeetl.io.compress.UnreadableSourceFileException}, and a Zstandard
 * codec that needs no native Hadoop library. It does not read datasets; the format readers do, and
 * {@code ReadFailures} in {@code io} turns these failures into a one-line message.
 */
package dev.lakeetl.io.compress;
