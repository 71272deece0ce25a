package dev.lakeetl.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records what one class logs (through log4j2, the logging of Spark, Glue and EMR) as {@code "LEVEL
 * message"} lines, until closed.
 */
public final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final AbstractAppender appender;
  private final List<String> lines = new ArrayList<>();

  private LogLines(Logger logger) {
    this.logger = logger;
    this.appender =
        new AbstractAppender("test-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            synchronized (lines) {
              lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
            }
          }
        };
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts recording the logger named like {@code type}. */
  public static LogLines of(Class<?> type) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    return new LogLines(context.getLogger(type.getName()));
  }

  /** The lines logged so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    appender.stop();
  }
}
