package dev.portcullis.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands ${env:NAME} and ${file:/path} references inside a config value. */
public final class SecretResolver {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([a-z]+):([^}]*)}");
    private final Function<String, String> env;

    private final java.util.Set<Path> filesRead = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public SecretResolver(Function<String, String> env) { this.env = env; }

    /** The secret files read since the last call, for watching them; the record starts anew. */
    public java.util.List<Path> takeFilesRead() {
        java.util.List<Path> out = java.util.List.copyOf(filesRead);
        filesRead.clear();
        return out;
    }

    public static SecretResolver system() { return new SecretResolver(System::getenv); }

    public static boolean hasReference(String raw) { return raw.contains("${"); }

    /** Resolves every reference in raw; a problem is reported (never the value) when one cannot be. */
    public Secret resolve(String raw, YNode at, Problems problems) {
        if (!hasReference(raw)) {
            return Secret.literal(raw);
        }
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        int last = 0;
        boolean ok = true;
        while (m.find()) {
            out.append(raw, last, m.start());
            String value = lookup(m.group(1), m.group(2), at, problems);
            if (value == null) {
                ok = false;
            } else {
                out.append(value);
            }
            last = m.end();
        }
        out.append(raw.substring(last));
        if (out.indexOf("${") >= 0 && ok) {
            problems.add(at, "malformed secret reference; write ${env:NAME} or ${file:/path/to/secret}");
            ok = false;
        }
        return ok ? new Secret(out.toString(), true) : null;
    }

    private String lookup(String kind, String name, YNode at, Problems problems) {
        switch (kind) {
            case "env" -> {
                String v = name.isEmpty() ? null : env.apply(name);
                if (v == null) {
                    problems.add(at, "environment variable '" + name + "' is not set; export it or change the reference");
                }
                return v;
            }
            case "file" -> {
                try {
                    Path file = Path.of(name);
                    String value = Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
                    filesRead.add(file.toAbsolutePath());
                    return value;
                } catch (IOException | RuntimeException e) {
                    problems.add(at, "cannot read secret file '" + name + "' (" + e.getClass().getSimpleName()
                            + "); check that it exists and is readable by the gateway");
                    return null;
                }
            }
            default -> {
                problems.add(at, "unknown secret reference '${" + kind + ":...}'; use ${env:NAME} or ${file:/path}");
                return null;
            }
        }
    }
}
