package dev.echomesh.tools.bench;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;

/**
 * The gRPC-java baseline: a unary echo method over grpc-netty-shaded with mutual TLS 1.3 on
 * the benchmark's certificates, one channel, and the settings gRPC's performance guide
 * recommends: {@code directExecutor()} on server and client, the OpenSSL (BoringSSL) provider
 * through {@link GrpcSslContexts} when shaded tcnative loads, default flow-control windows.
 * Messages are raw bytes (no protobuf) through {@link BytesMarshaller}.
 */
final class GrpcEcho implements EchoTarget {

  static final String SERVICE = "echomesh.bench.Echo";

  static final MethodDescriptor<byte[], byte[]> ECHO =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Echo"))
          .setRequestMarshaller(BytesMarshaller.INSTANCE)
          .setResponseMarshaller(BytesMarshaller.INSTANCE)
          .build();

  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  private static final String TLS_1_3 = "TLSv1.3";

  private final Server server;
  private final ManagedChannel channel;
  private final SslProvider provider;
  private final SessionProbe sessionProbe;

  private GrpcEcho(Server server, ManagedChannel channel, SslProvider provider, SessionProbe probe) {
    this.server = server;
    this.channel = channel;
    this.provider = provider;
    this.sessionProbe = probe;
  }

  /** Starts the server on an ephemeral loopback port and opens one channel to it. */
  static GrpcEcho open(BenchCredentials credentials) throws IOException {
    SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    SslContext serverContext =
        GrpcSslContexts.configure(
                SslContextBuilder.forServer(
                    credentials.server().privateKey(), BenchCredentials.chain(credentials.server())),
                provider)
            .trustManager(MeshTrustManager.trusting(credentials.caCertificate()))
            .clientAuth(ClientAuth.REQUIRE)
            .protocols(TLS_1_3)
            .build();
    SslContext clientContext =
        GrpcSslContexts.configure(SslContextBuilder.forClient(), provider)
            .keyManager(credentials.client().privateKey(), BenchCredentials.chain(credentials.client()))
            .trustManager(MeshTrustManager.trusting(credentials.caCertificate()))
            .protocols(TLS_1_3)
            .build();

    SessionProbe probe = new SessionProbe();
    ServerServiceDefinition service =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                ECHO,
                ServerCalls.asyncUnaryCall(
                    (byte[] request, StreamObserver<byte[]> response) -> {
                      response.onNext(request);
                      response.onCompleted();
                    }))
            .build();
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sslContext(serverContext)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, probe))
            .build()
            .start();
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
            .sslContext(clientContext)
            .directExecutor()
            .build();
    return new GrpcEcho(server, channel, provider, probe);
  }

  @Override
  public String name() {
    return "grpc";
  }

  @Override
  public String transport() {
    String tcnative =
        provider == SslProvider.OPENSSL
            ? "OpenSSL " + OpenSsl.versionString()
            : "JDK (shaded tcnative unavailable: " + OpenSsl.unavailabilityCause() + ")";
    return sessionProbe.describe() + " (" + tcnative + ", HTTP/2, one channel, directExecutor)";
  }

  /** Which TLS provider the channel and server use. */
  SslProvider provider() {
    return provider;
  }

  @Override
  public boolean pipelined() {
    return true;
  }

  @Override
  public byte[] call(byte[] payload, Duration timeout) {
    return ClientCalls.blockingUnaryCall(
        channel,
        ECHO,
        CallOptions.DEFAULT.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS),
        payload);
  }

  @Override
  public CompletableFuture<byte[]> callAsync(byte[] payload) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(
        channel.newCall(ECHO, CallOptions.DEFAULT),
        payload,
        new StreamObserver<>() {
          @Override
          public void onNext(byte[] value) {
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            if (!result.isDone()) {
              result.completeExceptionally(new IllegalStateException("no response message"));
            }
          }
        });
    return result;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
    try {
      channel.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      server.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Notes the TLS session of the first call the server sees, to report what was negotiated. */
  private static final class SessionProbe implements ServerInterceptor {
    private volatile String negotiated;

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      if (negotiated == null) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        negotiated = session == null ? "no TLS session" : session.getProtocol() + " " + session.getCipherSuite();
      }
      return next.startCall(call, headers);
    }

    String describe() {
      String value = negotiated;
      return value == null ? "TLS (not yet negotiated)" : value;
    }
  }
}
