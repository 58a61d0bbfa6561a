/**
 * Links: mutually authenticated TLS 1.3 connections between mesh members, carrying
 * length-prefixed protobuf frames, with task calls multiplexed over them.
 *
 * <p>{@link dev.echomesh.agent.link.LinkLayer} is the entry point. Underneath: the frame codec
 * ({@code FrameDecoder}, {@code FrameEncoder}, {@code FrameConverter}: the only place wire
 * types appear), the TLS contexts, the handshake that turns a connection into a link (node ID
 * from the certificate, Hello checks, deny list), the link itself (call IDs, in-flight bounds,
 * deadlines, Cancel, GoAway, idle close), one usable link per peer (the link dialed by the lower
 * node ID wins a simultaneous dial), and redialing static peers with {@link
 * dev.echomesh.agent.link.Backoff}.
 *
 * <p>Chunked payloads: a payload larger than {@link dev.echomesh.agent.link.StreamConfig}'s
 * one-frame size travels in Chunk frames under credit-based flow control (WindowUpdate frames):
 * {@code ReceiveWindow} and {@code SendWindow} do the accounting, {@code BufferBudget} bounds
 * what a link and the agent buffer, {@code InboundStream} and {@code PayloadAssembly} receive,
 * {@code OutboundStream} and {@code ArraySender} send.
 *
 * <p>Threading: each link lives on one Netty event loop and its state is touched only there.
 * Nothing here blocks an event loop: calls peers make are handed to a {@link
 * dev.echomesh.agent.task.internal.CallHandler} (the task executor), and where a peer must be dialed the
 * address comes from a {@link dev.echomesh.agent.link.PeerAddressResolver}.
 */
package dev.echomesh.agent.link;
