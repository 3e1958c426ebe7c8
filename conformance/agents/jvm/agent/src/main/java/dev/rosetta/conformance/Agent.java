package dev.rosetta.conformance;

import dev.rosetta.conformance.v1.AgentKind;
import dev.rosetta.conformance.v1.Ask;
import dev.rosetta.conformance.v1.Behaviour;
import dev.rosetta.conformance.v1.Error;
import dev.rosetta.conformance.v1.Ok;
import dev.rosetta.conformance.v1.Pid;
import dev.rosetta.conformance.v1.Request;
import dev.rosetta.conformance.v1.Response;
import dev.rosetta.conformance.v1.RuntimeError;
import dev.rosetta.conformance.v1.Skipped;
import dev.rosetta.conformance.v1.Timeout;
import dev.rosetta.jvm.errors.RosettaException;
import dev.rosetta.pekko.Tell;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The JVM conformance agent: Apache Pekko typed actors on a Rosetta gateway through the
 * rosetta-pekko binding only — {@code Rosetta.get(system).connect(…)}, {@code expose}, proxy refs
 * from {@code refFor} told {@code Tell}s and asked {@code Request}s with Pekko's AskPattern, Pekko
 * watches of proxies. Each session is an actor system with its own client connection.
 *
 * <p>Speaks the agent protocol (conformance/conformance.proto): length-prefixed Requests on stdin,
 * Responses on stdout; everything else goes to stderr.
 */
public final class Agent {
  private final Map<String, Session> sessions = new HashMap<>();
  private String gateway = "";
  private int nextMember = 1;

  public static void main(String[] args) throws Exception {
    OutputStream out = new FileOutputStream(FileDescriptor.out);
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    DataInputStream in = new DataInputStream(System.in);
    Agent agent = new Agent();
    for (;;) {
      byte[] body;
      try {
        int size = Integer.reverseBytes(in.readInt());
        body = new byte[size];
        in.readFully(body);
      } catch (EOFException e) {
        break;
      }
      Request req = Request.parseFrom(body);
      Response resp;
      try {
        resp = agent.handle(req);
      } catch (Throwable t) {
        RosettaException typed = Session.typed(t);
        resp = typed != null ? error(typed) : Response.newBuilder().setRuntimeError(RuntimeError.newBuilder().setMessage(t.toString())).build();
      }
      byte[] bytes = resp.toBuilder().setId(req.getId()).build().toByteArray();
      out.write(new byte[] {(byte) bytes.length, (byte) (bytes.length >>> 8), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 24)});
      out.write(bytes);
      out.flush();
      if (req.hasShutdown()) break;
    }
    for (Session s : agent.sessions.values()) s.close();
    System.exit(0);
  }

  private static Response ok(Ok ok) {
    return Response.newBuilder().setOk(ok).build();
  }

  private static Response error(RosettaException e) {
    return Response.newBuilder().setError(Error.newBuilder().setCode(e.code().number()).setReason(e.reason() == null ? "" : e.reason())
        .setMessage(String.valueOf(e.getMessage()))).build();
  }

  private static Response skipped(String reason) {
    return Response.newBuilder().setSkipped(Skipped.newBuilder().setReason(reason)).build();
  }

  private static long budget(Request req, long wanted) {
    long cap = req.getDeadlineMs() > 0 ? Math.max(50, req.getDeadlineMs() - 500) : wanted;
    return wanted > 0 ? Math.min(wanted, cap) : cap;
  }

  private Session session(String name) {
    Session s = sessions.get(name);
    if (s == null) throw new IllegalStateException("no session '" + name + "'");
    return s;
  }

  private static dev.rosetta.jvm.Pid pid(Pid p) {
    return dev.rosetta.jvm.Pid.of(p.getAddress(), p.getId());
  }

  private void open(String name, String token, long timeoutMs) throws Exception {
    Session old = sessions.remove(name);
    if (old != null) old.close();
    String member = "conformance-jvm-" + ProcessHandle.current().pid() + "-" + nextMember++;
    sessions.put(name, Session.open(gateway, token, member, timeoutMs));
  }

  private Response handle(Request req) throws Exception {
    switch (req.getOpCase()) {
      case INIT -> {
        gateway = req.getInit().getGatewayGrpc();
        open("", req.getInit().getToken(), budget(req, 0));
        return ok(Ok.newBuilder().setAgent("jvm").setKind(AgentKind.CLIENT)
            .setDetail("rosetta-pekko on Pekko " + org.apache.pekko.Version.current() + ", Java " + System.getProperty("java.version")).build());
      }
      case OPEN -> {
        open(req.getOpen().getSession(), req.getOpen().getToken(), budget(req, 0));
        return ok(Ok.getDefaultInstance());
      }
      case CLOSE -> {
        Session s = sessions.remove(req.getClose().getSession());
        if (s != null) s.close();
        return ok(Ok.getDefaultInstance());
      }
      case DROP -> {
        boolean back = session(req.getDrop().getSession()).reconnect(budget(req, 0));
        return back ? ok(Ok.getDefaultInstance()) : Response.newBuilder().setTimeout(Timeout.newBuilder().setMessage("no new stream in time")).build();
      }
      case HOST -> {
        var h = req.getHost();
        Session s = session(h.getSession());
        if (h.getBehaviour() == Behaviour.ABSENT) {
          var p = s.rosetta.gatewayPid(h.getName() + "-absent");
          return ok(Ok.newBuilder().setPid(Pid.newBuilder().setAddress(p.address()).setId(p.id())).build());
        }
        if (h.getBehaviour() != Behaviour.ECHO && h.getBehaviour() != Behaviour.SILENT) return skipped("a client connection hosts no kinds or virtual actors");
        return ok(Ok.newBuilder().setPid(s.host(h.getName(), h.getBehaviour() == Behaviour.ECHO)).build());
      }
      case STOP -> {
        ActorRef<Object> ref = session(req.getStop().getSession()).hosted.get(req.getStop().getName());
        if (ref == null) throw new IllegalStateException("no hosted actor " + req.getStop().getName());
        ref.tell(Session.StopCommand.INSTANCE);
        return ok(Ok.getDefaultInstance());
      }
      case SEND -> {
        var m = req.getSend();
        ActorRef<Object> ref = session(m.getSession()).rosetta.refFor(pid(m.getTarget()));
        if (m.getCount() <= 1) ref.tell(new Tell(m.getText(), null, m.getHeadersMap()));
        else for (int i = 0; i < m.getCount(); i++) ref.tell(new Tell(m.getText() + i, null, m.getHeadersMap()));
        return ok(Ok.getDefaultInstance());
      }
      case ASK -> {
        return ask(session(req.getAsk().getSession()), req.getAsk());
      }
      case WATCH -> {
        var w = req.getWatch();
        session(w.getSession()).watch(pid(w.getTarget()), w.getName());
        return ok(Ok.getDefaultInstance());
      }
      case OBSERVE -> {
        var o = req.getObserve();
        Recording rec = session(o.getSession()).recording(o.getName());
        boolean done = rec.until(c -> c[0] >= o.getMinReceived() && (!o.getUntilTerminated() || c[1] > 0), budget(req, o.getWaitMs()));
        Ok snap = rec.snapshot();
        if (done) return ok(snap);
        return Response.newBuilder().setTimeout(Timeout.newBuilder()
            .setMessage("observed " + snap.getReceivedCount() + " messages, " + snap.getTerminatedCount() + " terminations").setPartial(snap)).build();
      }
      case SPAWN -> { return skipped("Pekko has no Proto.Actor remote spawn"); }
      case CRDT_WRITE -> {
        var w = req.getCrdtWrite();
        return Documents.write(session(w.getSession()), w.getDocument(), w.getName(), w.getKey(), w.getValue(), budget(req, 0));
      }
      case CRDT_READ -> {
        var r = req.getCrdtRead();
        return Documents.read(session(r.getSession()), r.getDocument(), r.getName(), r.getMinEntries(), budget(req, r.getWaitMs()));
      }
      case SHUTDOWN -> { return ok(Ok.getDefaultInstance()); }
      default -> { return skipped("unknown operation " + req.getOpCase()); }
    }
  }

  /**
   * One request through Pekko's AskPattern and the proxy ({@code Request} with a timeout). A proxy
   * stops as soon as it learns its actor is gone (missing, unreachable); an ask that reaches it
   * after that is failed by Pekko itself ("recipient had already been terminated"), untyped — so
   * the agent asks once more through the extension's own {@code ask}, which reports why.
   */
  private static CompletionStage<Object> askOnce(Session s, ActorRef<Object> ref, dev.rosetta.jvm.Pid pid, String text, Duration timeout, Map<String, String> headers) {
    return AskPattern.<Object, Object>ask(ref, replyTo -> new dev.rosetta.pekko.Request(text, replyTo, timeout, headers), timeout.plusSeconds(2), s.system.scheduler())
        .exceptionallyCompose(err -> {
          String m = String.valueOf(err.getMessage());
          if (Session.typed(err) == null && m.contains("had already been terminated")) return s.rosetta.client().ask(pid, text, timeout, headers);
          return CompletableFuture.failedFuture(err);
        });
  }

  private static Response ask(Session s, Ask q) throws Exception {
    dev.rosetta.jvm.Pid target = pid(q.getTarget());
    ActorRef<Object> ref = s.rosetta.refFor(target);
    Duration timeout = Duration.ofMillis(q.getTimeoutMs() == 0 ? 5000 : q.getTimeoutMs());
    if (q.getCount() <= 1) {
      long t0 = System.nanoTime();
      Object reply = askOnce(s, ref, target, q.getText(), timeout, q.getHeadersMap()).toCompletableFuture().get(timeout.toMillis() + 3000, TimeUnit.MILLISECONDS);
      if (!(reply instanceof String text)) throw new IllegalStateException("reply of type " + (reply == null ? "null" : reply.getClass().getName()));
      return ok(Ok.newBuilder().setText(text).addLatenciesUs((int) ((System.nanoTime() - t0) / 1000)).build());
    }
    Map<String, Integer> outcomes = new HashMap<>();
    List<Integer> latencies = new ArrayList<>();
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < q.getCount(); i++) {
      String text = q.getText() + i;
      long t0 = System.nanoTime();
      CompletableFuture<Void> one = askOnce(s, ref, target, text, timeout, q.getHeadersMap()).toCompletableFuture().handle((reply, err) -> {
        String outcome;
        if (err == null) outcome = text.equals(reply) ? "OK" : "MISMATCH";
        else {
          RosettaException e = Session.typed(err);
          outcome = e != null ? e.code().name() : "UNKNOWN";
        }
        synchronized (outcomes) {
          outcomes.merge(outcome, 1, Integer::sum);
          if (outcome.equals("OK")) latencies.add((int) ((System.nanoTime() - t0) / 1000));
        }
        return null;
      });
      if (q.getConcurrent()) all.add(one);
      else one.get();
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
    Ok.Builder ok = Ok.newBuilder().putAllOutcomes(outcomes);
    synchronized (outcomes) { latencies.forEach(ok::addLatenciesUs); }
    return ok(ok.build());
  }
}
