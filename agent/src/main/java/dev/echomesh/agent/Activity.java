package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.logging.LogThrottle;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.transfer.TransferListener;
import dev.echomesh.agent.time.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each activity event to every registered {@link ActivityListener}, shielding the agent's
 * threads from listeners that throw (logged at most once a minute, with the count).
 */
final class Activity implements ActivityListener, TransferListener {

  private static final Logger log = LoggerFactory.getLogger(Activity.class);
  private static final Duration FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

  private final List<ActivityListener> listeners = new CopyOnWriteArrayList<>();
  private final LogThrottle failures = new LogThrottle(FAILURE_LOG_INTERVAL.toNanos());
  private final Ticker ticker;

  Activity(Ticker ticker) {
    this.ticker = ticker;
  }

  void add(ActivityListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void roundTrip(NodeId peer, long rttNanos) {
    tell(listener -> listener.roundTrip(peer, rttNanos));
  }

  @Override
  public void callHandled(String task, TaskStatus status, long elapsedNanos) {
    tell(listener -> listener.callHandled(task, status, elapsedNanos));
  }

  @Override
  public void fileTransferred(Direction direction, TaskStatus status, long bytes) {
    tell(listener -> listener.fileTransferred(direction, status, bytes));
  }

  @Override
  public void transferEnded(Direction direction, TaskStatus status, long bytes) {
    fileTransferred(direction, status, bytes);
  }

  private void tell(Consumer<ActivityListener> event) {
    for (ActivityListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        long count = failures.note(ticker.read());
        if (count > 0) {
          log.warn("An activity listener failed ({} time(s) since the last report; reported at most once a"
              + " minute); the agent goes on", count, e);
        }
      }
    }
  }
}
