/**
 * The echomesh agent as a library: start an {@link dev.echomesh.agent.Agent} in your program, offer
 * tasks, find peers and call their tasks.
 *
 * <p>The API is what the exported packages hold: {@code dev.echomesh.agent} (the agent, its
 * settings, calling helpers), {@code dev.echomesh.agent.identity} (node ID, keys, the data
 * directory), {@code dev.echomesh.agent.peers} (the peers seen) and {@code dev.echomesh.agent.task}
 * (the task SPI, requests, results and statuses). Every other package is the implementation
 * (among them {@code task.internal} and {@code peers.internal}, the task registry and executor and the
 * peer table): it is not exported, and may change in any release. Settings that live in those packages (link,
 * liveness, discovery, files) are set by their config-file keys through {@link
 * dev.echomesh.agent.ConfigFile}, the way docs/config.md lists them.
 */
module dev.echomesh.agent {
  requires transitive org.slf4j;
  requires dev.echomesh.proto;
  requires com.google.protobuf;
  requires com.fasterxml.jackson.annotation;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.toml;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires io.netty.tcnative.classes.openssl;
  requires javax.jmdns;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires io.prometheus.metrics.core;
  requires io.prometheus.metrics.model;
  requires io.prometheus.writer.text;
  requires io.prometheus.metrics.instrumentation.jvm;
  requires java.management;
  requires jdk.management; // com.sun.management: total and free memory for sysinfo

  exports dev.echomesh.agent;
  exports dev.echomesh.agent.identity;
  exports dev.echomesh.agent.peers;
  exports dev.echomesh.agent.task;

  // The built-in tasks' JSON (sysinfo, tasks) is written by Jackson from records.
  opens dev.echomesh.agent.task to com.fasterxml.jackson.databind;
  opens dev.echomesh.agent.task.internal to com.fasterxml.jackson.databind;

  // Task plugins: jars listing their handlers in META-INF/services.
  uses dev.echomesh.agent.task.TaskHandler;
}
