package dev.echomesh.tools;

import dev.echomesh.agent.control.AgentAlreadyRunningException;
import dev.echomesh.agent.control.AgentNotRunningException;
import dev.echomesh.agent.control.ControlException;
import dev.echomesh.agent.identity.IdentityException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr and an exit code ({@link ExitCodes}). Set {@code
 * ECHOMESH_DEBUG=1} to get the stack trace of unexpected errors too.
 */
final class ErrorHandlers {

  private ErrorHandlers() {}

  /** A bad flag or argument: one line and a pointer to --help; exit code 2. */
  static final class Usage implements IParameterExceptionHandler {
    private final CliContext context;

    Usage(CliContext context) {
      this.context = context;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine command = e.getCommandLine();
      String name = command.getCommandSpec().qualifiedName();
      String message = firstLine(e.getMessage());
      if (e instanceof UnmatchedArgumentException unmatched
          && !command.getSubcommands().isEmpty()
          && !unmatched.getUnmatched().isEmpty()
          && !unmatched.getUnmatched().get(0).startsWith("-")) {
        message = "unknown command '" + unmatched.getUnmatched().get(0) + "'";
      }
      if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
        String typed = unmatched.getUnmatched().get(0);
        List<String> suggestions = unmatched.getSuggestions().stream()
            .filter(suggestion -> looksLikeATypo(typed, suggestion))
            .toList();
        if (!suggestions.isEmpty()) {
          message +=
              " (did you mean "
                  + String.join(" or ", suggestions.subList(0, Math.min(2, suggestions.size())))
                  + "?)";
        }
      }
      context.stderr().println(name + ": " + message + "; see '" + name + " --help'");
      return ExitCodes.USAGE;
    }

    /**
     * picocli ranks every command or option by likeness, however unlike: only one that starts
     * with the same letter (after any dashes) is offered, so "agnet" suggests "agent" and
     * "nosuch" suggests nothing.
     */
    static boolean looksLikeATypo(String typed, String suggestion) {
      String a = stripDashes(typed);
      String b = stripDashes(suggestion);
      return !a.isEmpty() && !b.isEmpty() && Character.toLowerCase(a.charAt(0)) == Character.toLowerCase(b.charAt(0));
    }

    private static String stripDashes(String word) {
      int start = 0;
      while (start < word.length() && word.charAt(start) == '-') {
        start++;
      }
      return word.substring(start);
    }
  }

  /** A failure while a command runs. */
  static final class Execution implements IExecutionExceptionHandler {
    private final CliContext context;

    Execution(CliContext context) {
      this.context = context;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
      PrintStream err = context.stderr();
      Throwable failure = e instanceof UncheckedIOException ? e.getCause() : e;
      if (failure instanceof CliException cli) {
        err.println(cli.getMessage());
        return cli.exitCode();
      }
      Optional<AccessDeniedException> denied = PermissionHint.find(failure);
      if (denied.isPresent()) {
        err.println(PermissionHint.explain(denied.get(), command.getCommandSpec().qualifiedName(),
            System.getProperty("user.name", "")));
        debug(failure);
        return ExitCodes.ERROR;
      }
      if (failure instanceof AgentNotRunningException notRunning) {
        err.println(
            "echomesh: no agent running for data dir "
                + notRunning.dataDir()
                + ": start one with `echomesh agent`");
        return ExitCodes.NO_AGENT;
      }
      if (failure instanceof ControlException control) {
        err.println("echomesh: " + firstLine(control.getMessage()));
        return ExitCodes.of(control.error());
      }
      if (failure instanceof AgentAlreadyRunningException || failure instanceof IdentityException) {
        err.println("echomesh: " + firstLine(failure.getMessage()));
        return ExitCodes.ERROR;
      }
      if (failure instanceof IOException) {
        err.println("echomesh: " + firstLine(String.valueOf(failure.getMessage())));
        debug(failure);
        return ExitCodes.ERROR;
      }
      err.println(
          "echomesh: unexpected error: "
              + firstLine(failure.toString())
              + (debugging() ? "" : " (ECHOMESH_DEBUG=1 shows the stack trace)"));
      debug(failure);
      return ExitCodes.ERROR;
    }

    private boolean debugging() {
      return "1".equals(context.env().get("ECHOMESH_DEBUG"));
    }

    private void debug(Throwable failure) {
      if (debugging()) {
        failure.printStackTrace(context.stderr());
      }
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).strip();
  }
}
