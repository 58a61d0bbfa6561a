package dev.echomesh.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code echomesh} command line: entry point of the runnable jar. */
@Command(
    name = "echomesh",
    mixinStandardHelpOptions = true,
    subcommands = {dev.echomesh.tools.bench.BenchCommand.class},
    versionProvider = VersionProvider.class,
    description = "Peer-to-peer LAN mesh agent: discovery, liveness and task calls over mutual TLS.")
public final class EchomeshCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EchomeshCommand()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
