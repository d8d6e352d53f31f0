package dev.portcullis.dlp;

/**
 * Whether the SIMD classifier can run: the JVM was started with --add-modules jdk.incubator.vector (the
 * launcher does) and this machine's vectors hold at least 16 bytes. -Dportcullis.dlp.vector=false turns
 * it off. Never touches a vector class when the module is missing.
 */
final class VectorSupport {
    private static final String MODULE = "jdk.incubator.vector";
    private static final boolean USABLE = check();

    private VectorSupport() {}

    static boolean usable() { return USABLE; }

    /**
     * Whether the CPU has AVX-512 VBMI, whose one-instruction byte lookup in a 64-byte table
     * (vpermb) lets {@link VectorClassifier} classify a block from a table: read from the kernel's CPU
     * flags (Linux); false wherever they cannot be read. Without the instruction the JIT would emulate the
     * lookup, far slower than the compares it replaces. -Dportcullis.dlp.vectorTable=false turns it off.
     */
    static boolean byteTableLookup() {
        if (!Boolean.parseBoolean(System.getProperty("portcullis.dlp.vectorTable", "true"))) {
            return false;
        }
        try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> (" " + l.substring(l.indexOf(':') + 1) + " ").contains(" avx512vbmi ")).orElse(false);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean check() {
        if (!Boolean.parseBoolean(System.getProperty("portcullis.dlp.vector", "true"))
                || ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return false;
        }
        int lanes = VectorClassifier.lanes();
        return lanes >= 16 && ByteClasses.BLOCK % lanes == 0;
    }
}
