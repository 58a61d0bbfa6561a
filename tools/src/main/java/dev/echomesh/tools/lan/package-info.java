/**
 * A virtual LAN on one Linux machine: {@link dev.echomesh.tools.lan.VirtualLan} makes hosts in
 * private network namespaces (inside a user namespace made by {@code unshare}) on one bridge, each
 * with its own interface, address from 198.18.0.0/15 and MAC; {@link
 * dev.echomesh.tools.lan.VirtualHost} runs commands and JVMs ({@link
 * dev.echomesh.tools.lan.JavaCommand}) in them; {@link dev.echomesh.tools.lan.HostProcess} stops or
 * kills them. Nothing touches the machine's real interfaces, and everything is gone when the LAN
 * is closed or this JVM dies.
 *
 * <p>One implementation for {@code echomesh demo}, the benchmarks and the integration tests (which
 * add their JUnit condition, {@code @RequiresVirtualLan}, on top).
 */
package dev.echomesh.tools.lan;
