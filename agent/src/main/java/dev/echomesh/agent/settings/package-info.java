/**
 * How settings are defined once: each configuration record ({@code AgentConfig},
 * {@code LinkConfig}, {@code LivenessConfig}, {@code DiscoveryConfig}) declares every setting it
 * owns as a {@link dev.echomesh.agent.settings.Setting} constant holding its config-file key,
 * default, range and description. Builders take their defaults from these constants and check
 * values with them; the config file reader and the reference page {@code docs/config.md} read
 * the same constants. A leaf package: it depends on nothing else of the agent.
 */
package dev.echomesh.agent.settings;
