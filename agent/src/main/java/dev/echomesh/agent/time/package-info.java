/**
 * The agent's sense of time: the monotonic {@link dev.echomesh.agent.time.Ticker} that every
 * duration is measured on, and {@link dev.echomesh.agent.time.DisplayTime}, which turns its
 * readings into wall-clock instants for people. Depends on nothing of the agent.
 *
 * <p>Two clocks, two jobs. Silence of peers, round trips, call deadlines, idle links and uptime
 * are measured on the ticker (delays such as backoff are scheduled on timers that are monotonic
 * too), so that a step of the wall clock (NTP correcting it, a Raspberry Pi without a real-time
 * clock setting it after boot, an operator) changes none of them.
 * The wall clock ({@link java.time.Clock}) is read only for what is compared with other clocks or
 * shown to people: the send time in liveness datagrams and their staleness bound, the seed of an
 * incarnation, certificate validity, and timestamps such as a peer's "last seen".
 */
package dev.echomesh.agent.time;
