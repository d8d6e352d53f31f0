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

    private static boolean check() {
        if (!Boolean.parseBoolean(System.getProperty("portcullis.dlp.vector", "true"))
                || ModuleLayer.boot().findModule(MODULE).isEmpty()) {
            return false;
        }
        int lanes = VectorClassifier.lanes();
        return lanes >= 16 && ByteClasses.BLOCK % lanes == 0;
    }
}
