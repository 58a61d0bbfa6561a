/**
 * Finding other nodes without configuration: this machine's interfaces and which of them to use
 * ({@link dev.echomesh.agent.discovery.InterfaceSelector}), the OS neighbour table
 * ({@link dev.echomesh.agent.discovery.NeighbourTable}), and mDNS announce/browse with jmdns
 * ({@link dev.echomesh.agent.discovery.DiscoveryService}).
 *
 * <p>A leaf: it knows nothing of the peer table, links or liveness. What it learns goes to a
 * {@link dev.echomesh.agent.discovery.DiscoveryListener}; the interface selection and the
 * broadcast addresses of {@link dev.echomesh.agent.discovery.LocalInterface} are for the UDP
 * liveness layer too.
 */
package dev.echomesh.agent.discovery;
