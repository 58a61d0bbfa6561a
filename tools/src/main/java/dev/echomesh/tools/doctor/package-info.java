/**
 * {@code echomesh doctor}: why this device cannot see or reach its peers. Each check is a pure
 * function of recorded facts (interface lists, routes, firewall rules, socket tables, the agent's
 * status and peers), so it is tested without the machine; {@code SystemFacts} reads the real ones.
 */
package dev.echomesh.tools.doctor;
