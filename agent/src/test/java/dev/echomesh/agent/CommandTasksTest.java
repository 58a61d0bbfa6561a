package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.command.CallerNames;
import dev.echomesh.agent.task.command.CommandTask;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTasksTest {

  private final CommandTasks tasks = new CommandTasks(CallerNames.NONE);

  private static CommandTaskSpec spec(String name, Duration timeout, String... command) {
    return CommandTaskSpec.builder(name).command(List.of(command)).timeout(timeout).build();
  }

  @Test
  void resolve_unchangedSpec_keepsItsHandlerChangedSpecGetsANewOne() {
    Map<String, CommandTask> first = tasks.resolve(List.of(spec("a", Duration.ofSeconds(1), "/bin/true"),
        spec("b", Duration.ofSeconds(1), "/bin/true")));
    tasks.use(first, false);

    Map<String, CommandTask> second = tasks.resolve(List.of(spec("a", Duration.ofSeconds(1), "/bin/true"),
        spec("b", Duration.ofSeconds(2), "/bin/true")));

    assertSame(first.get("a"), second.get("a"), "same declaration: same handler, same concurrency limit");
    assertNotSame(first.get("b"), second.get("b"));
  }

  @Test
  void resolve_programThatIsNotExecutable_settingExceptionKeyedByTheCommand() {
    SettingException e = assertThrows(SettingException.class,
        () -> tasks.resolve(List.of(spec("gone", Duration.ofSeconds(1), "/nonexistent/program"))));
    assertEquals("tasks.gone.command", e.key());
  }

  @Test
  void shown_wordsWithSpacesAndControlCharacters_oneLine() {
    assertEquals("/usr/bin/printf '[%s] x' a\\nb '' c\\x01", CommandTasks.shown(
        List.of("/usr/bin/printf", "[%s] x", "a\nb", "", "c\u0001")));
  }
}
