package dev.portcullis.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.portcullis.config.Secret;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * JSON for the admin API and the CLI's --json output. Every {@link Secret} is written as "***", so the
 * effective config can be shown without leaking a credential.
 */
public final class ConfigJson {
    public static final ObjectMapper MAPPER = build();

    private ConfigJson() {}

    private static ObjectMapper build() {
        SimpleModule m = new SimpleModule("portcullis");
        m.addSerializer(Secret.class, new ToString<>(s -> Secret.MASK));
        m.addSerializer(Duration.class, new ToString<>(ConfigJson::duration));
        m.addSerializer(java.nio.file.Path.class, new ToString<>(Object::toString));
        m.addSerializer(dev.portcullis.net.Cidr.class, new ToString<>(Object::toString));
        m.addSerializer(dev.portcullis.net.HostPort.class, new ToString<>(Object::toString));
        @SuppressWarnings({"unchecked", "rawtypes"})
        JsonSerializer<Enum> enums = new ToString<Enum>(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        m.addSerializer(Enum.class, enums);
        return new ObjectMapper().registerModule(m).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static final class ToString<T> extends JsonSerializer<T> {
        private final java.util.function.Function<T, String> f;

        ToString(java.util.function.Function<T, String> f) { this.f = f; }

        @Override public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(f.apply(value));
        }
    }
}
