/**
 * Coverage-guided fuzzing (Jazzer) of every decoder that reads bytes from outside the agent.
 *
 * <h2>The pattern: one small class per decoder</h2>
 *
 * <p>A fuzz target lives beside the decoder's unit tests (decoders are package-private), is named
 * {@code <Decoder>FuzzTest} and has exactly one method annotated {@link
 * dev.echomesh.agent.fuzz.DecoderFuzzTest @DecoderFuzzTest} that takes the fuzzer's
 * {@code byte[]}:
 *
 * <pre>{@code
 * class ConfigFileFuzzTest {
 *   @DecoderFuzzTest
 *   void parse_fuzzedBytes_keepsContract(byte[] input) throws Exception {
 *     DecoderContract.decode(input, ConfigException.class, bytes -> ConfigFile.parse(bytes));
 *   }
 * }
 * }</pre>
 *
 * <p>{@link dev.echomesh.agent.fuzz.DecoderContract} checks what every decoder owes: a value or
 * its documented exception type for bad input (anything else is a finding), and no allocation
 * out of proportion to the input. The target adds what only it knows: invariants of the value
 * (e.g. a decoded value encodes and decodes back to itself) and checks of the decoder's own
 * buffers. Seeds ({@code seed-*}: valid inputs written with the encoders, which the fuzzer
 * mutates) and every input that ever failed ({@code crash-*}, {@code timeout-*}, as Jazzer names
 * them) go in {@code src/test/resources/<package>/<Class>Inputs/<method>/}, Jazzer's layout; all
 * of them run as plain JUnit tests in every build.
 *
 * <p>Parsers of text (the config file's TOML, the local API's HTTP) are held to {@link
 * dev.echomesh.agent.fuzz.DecoderContract#ALLOCATED_BYTES_PER_TEXT_BYTE} instead: the fuzzer's
 * comparison hooks copy the strings of every comparison they trace, and that is counted too. The
 * fuzz tests' JVM resolves names from a file of localhost only ({@code -Djdk.net.hosts.file}, agent
 * pom), so a host named in a fuzzed config file never becomes a DNS query; Jazzer's regex-injection
 * sanitizer is off there, because a command task's {@code args} are regexes by design.
 *
 * <h2>How the build runs them</h2>
 *
 * <ul>
 *   <li>{@code mvn -B verify}: regression mode. Each target replays the empty input and its
 *       inputs directory, in a fresh JVM (surefire execution {@code fuzz-tests}, JUnit tag
 *       {@code jazzer}); no fuzzing, deterministic.
 *   <li>CI ({@code .ci/run} exports {@code JAZZER_FUZZ=1}): each target fuzzes for {@value
 *       dev.echomesh.agent.fuzz.DecoderFuzzTest#MAX_DURATION}. A finding fails the build; its
 *       input is printed in the log ({@code Base64: ...}): decode it into the inputs directory
 *       above, fix the decoder, commit both.
 * </ul>
 *
 * <h2>Fuzzing longer on your machine</h2>
 *
 * <pre>{@code
 * JAZZER_FUZZ=1 JAZZER_MAX_DURATION=30m mvn -B -pl agent -am test \
 *     -Dtest=FrameDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 *
 * <p>The corpus the fuzzer grows is kept in {@code agent/.cifuzz-corpus/} (ignored by git) and
 * reused by the next run; a failing input is written straight into the inputs directory.
 */
package dev.echomesh.agent.fuzz;
