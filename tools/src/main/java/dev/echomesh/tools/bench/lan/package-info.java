/**
 * A virtual LAN of network namespaces for the benchmark's discovery, detection and footprint
 * measurements: hosts on one bridge, each with its own interface, address (198.18.0.0/15) and
 * MAC, all inside a private user + network + PID namespace that disappears with the benchmark.
 *
 * <p>These classes are the integration tests' harness ({@code dev.echomesh.it.lan} in
 * integration-tests, test sources), copied unchanged apart from the package and a public {@code
 * VirtualHost.start(List)} so that the runnable tools jar can use them: test sources are not in
 * the jar. Keep one copy: integration-tests (and {@code echomesh demo}) can use this one instead.
 */
package dev.echomesh.tools.bench.lan;
