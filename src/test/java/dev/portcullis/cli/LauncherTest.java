package dev.portcullis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JIT hints the launcher, the benchmark scripts and the JMH benchmark pass name methods by their
 * name: a rename would silently drop the hint (and the speed it keeps), so each named method must exist.
 */
class LauncherTest {
    private static final Pattern DONT_INLINE = Pattern.compile("CompileCommand=dontinline,([\\w.]+)::(\\w+)");

    @Test
    void everyMethodTheJitHintsNameExists() throws Exception {
        List<Path> files = List.of(Path.of("portcullis"), Path.of("bench/setup.sh"),
                Path.of("src/test/java/dev/portcullis/bench/DlpScanBenchmark.java"));
        for (Path file : files) {
            Matcher m = DONT_INLINE.matcher(Files.readString(file));
            int hints = 0;
            while (m.find()) {
                hints++;
                String method = m.group(2);
                Class<?> type = Class.forName(m.group(1));
                assertThat(Arrays.stream(type.getDeclaredMethods()).map(java.lang.reflect.Method::getName))
                        .as("%s names %s::%s", file, m.group(1), method).contains(method);
            }
            assertThat(hints).as("JIT hints in %s", file).isPositive();
        }
    }
}
