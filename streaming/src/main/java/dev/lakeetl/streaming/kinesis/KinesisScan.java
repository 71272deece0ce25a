package dev.lakeetl.streaming.kinesis;

import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.streaming.MicroBatchStream;
import org.apache.spark.sql.types.StructType;

/** The scan of a Kinesis stream: micro-batch only, always the full fixed schema. */
final class KinesisScan implements Scan {
  private final KinesisReadConf conf;

  KinesisScan(KinesisReadConf conf) {
    this.conf = Objects.requireNonNull(conf, "conf is null");
  }

  @Override
  public StructType readSchema() {
    return KinesisSourceProvider.SCHEMA;
  }

  @Override
  public String description() {
    return "Kinesis stream " + conf.stream();
  }

  @Override
  public MicroBatchStream toMicroBatchStream(String checkpointLocation) {
    return new KinesisMicroBatchStream(
        conf, checkpointLocation, SparkSession.active().sessionState().newHadoopConf());
  }
}
