/**
 * JUnit support for the virtual LAN of {@code dev.echomesh.tools.lan}: tests that need one are
 * marked {@link dev.echomesh.it.lan.RequiresVirtualLan}. {@code UdpTool} and {@code UnixEcho} are
 * small mains for the harness's own tests.
 */
package dev.echomesh.it.lan;
