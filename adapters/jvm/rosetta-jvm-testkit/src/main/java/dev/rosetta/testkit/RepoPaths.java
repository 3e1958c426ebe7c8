package dev.rosetta.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's programs are: the root comes from the {@code rosetta.repo.root} system
 * property (surefire sets it), else the {@code ROSETTA_REPO} environment variable, else it is found
 * by walking up from the working directory to the folder holding {@code bin/rosetta.mjs}.
 */
public final class RepoPaths {
  private RepoPaths() {}

  public static Path root() {
    String p = System.getProperty("rosetta.repo.root");
    if (p == null || p.isEmpty()) p = System.getenv("ROSETTA_REPO");
    if (p != null && !p.isEmpty()) return Path.of(p).toAbsolutePath().normalize();
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("bin/rosetta.mjs"))) return d;
    }
    throw new IllegalStateException("cannot find the repository root (set -Drosetta.repo.root or ROSETTA_REPO)");
  }

  public static Path rosettaBin() {
    Path bin = root().resolve("bin/rosetta.mjs");
    if (!Files.exists(root().resolve("dist"))) throw new IllegalStateException(root().resolve("dist") + " is missing: run `npm install && npm run build` first");
    return bin;
  }

  /** {@code node} from PATH (or {@code ROSETTA_NODE}). */
  public static String node() {
    String n = System.getenv("ROSETTA_NODE");
    return n == null || n.isEmpty() ? "node" : n;
  }

  /** The protoactor-go peer of a wire dialect ("v2024" or "v2025"), built by adapters/go/build.sh. */
  public static Path goPeer(String dialect) {
    Path bin = root().resolve("adapters/go/examples/peer-" + dialect + "/bin/peer");
    if (!Files.isExecutable(bin)) throw new IllegalStateException(bin + " is missing: run adapters/go/build.sh first");
    return bin;
  }
}
