package dev.rosetta.jvm.client;

/** A watch that can be cancelled ({@code actor.Unwatch} when the last local watcher of its target leaves). */
@FunctionalInterface
public interface WatchHandle {
  void cancel();
}
