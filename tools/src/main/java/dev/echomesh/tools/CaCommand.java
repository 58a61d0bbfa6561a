package dev.echomesh.tools;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh ca}: the site CA of CA mode; its work is done by {@code init} and {@code issue}. */
@Command(
    name = "ca",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {CaInitCommand.class, CaIssueCommand.class},
    description = {
      "Makes a site CA and issues node certificates (CA mode).",
      "For sites that want their own PKI instead of a join code: `ca init` makes the CA on an"
          + " offline machine, `ca issue` makes one complete data directory per device. An agent"
          + " started on such a directory runs in CA mode: its links trust that CA alone."
    },
    footer = {
      "",
      "  echomesh ca init --dir /media/usb/site-ca --name 'Example Lab CA'",
      "  echomesh ca issue --ca /media/usb/site-ca --name kitchen --out ./kitchen",
      "  # copy ./kitchen to the device, then there: echomesh agent --data-dir DIR"
    })
final class CaCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;

  @Override
  public Integer call() {
    throw CliException.usage("echomesh ca: missing command (init or issue); see 'echomesh ca --help'");
  }

  CliContext context() {
    return root.context();
  }
}
