package dev.rosetta.jvm.client;

/** Why a watched actor is gone ({@code actor.TerminatedReason}). */
public enum TerminatedReason {
  /** It stopped. */
  STOPPED,
  /** Its node, or this client's connection to the gateway, was lost. */
  ADDRESS_TERMINATED,
  /** There was no such actor when the watch arrived. */
  NOT_FOUND;

  public static TerminatedReason of(int number) {
    return switch (number) {
      case 1 -> ADDRESS_TERMINATED;
      case 2 -> NOT_FOUND;
      default -> STOPPED;
    };
  }

  public int number() {
    return ordinal();
  }
}
