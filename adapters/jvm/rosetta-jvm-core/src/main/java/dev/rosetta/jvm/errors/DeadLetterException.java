package dev.rosetta.jvm.errors;

import dev.rosetta.jvm.Pid;
import java.util.Map;

/**
 * An ask whose target does not exist: the peer answered {@code actor.DeadLetterResponse}, as
 * Proto.Actor does (a Go {@code RequestFuture} reports it as {@code ErrDeadLetter}).
 */
public final class DeadLetterException extends NotFoundException {
  public static final String REASON = "dead-letter";
  private final Pid target;

  public DeadLetterException(Pid target) {
    super("dead letter: no actor at " + target, REASON, Map.of(), null);
    this.target = target;
  }

  /** The PID the peer found no actor at. */
  public Pid target() {
    return target;
  }
}
