package dev.echomesh.it.lan;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that need a {@link VirtualLan}. Where the machine cannot make one they are skipped
 * with the reason -- except when {@link VirtualLan#required()} (CI), where they fail with it.
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(VirtualLanCondition.class)
public @interface RequiresVirtualLan {}
