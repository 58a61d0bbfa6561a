/**
 * The virtual LAN harness: {@link dev.echomesh.it.lan.VirtualLan} makes hosts in private network
 * namespaces on one bridge; {@link dev.echomesh.it.lan.VirtualHost} runs commands and JVMs in
 * them; {@link dev.echomesh.it.lan.HostProcess} stops or kills them; tests that need it are
 * marked {@link dev.echomesh.it.lan.RequiresVirtualLan}. {@code UdpTool} and {@code UnixEcho}
 * are small mains for the harness's own tests.
 */
package dev.echomesh.it.lan;
