package dev.lakeetl.deploy;

/** A deployment step cannot go on; the message says which and why ("Cannot ...: ..."). */
public final class DeployException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DeployException(String message) {
    super(message);
  }

  public DeployException(String message, Throwable cause) {
    super(message, cause);
  }
}
