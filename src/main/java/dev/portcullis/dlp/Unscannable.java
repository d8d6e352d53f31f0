package dev.portcullis.dlp;

/** A body the scanner cannot read: an unknown or corrupt encoding, or more than maxScanBytes once decoded. */
public final class Unscannable extends Exception {
    private final boolean tooLarge;

    public Unscannable(String message, boolean tooLarge) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
    }

    /** Over the size limit (413), rather than unreadable (403). */
    public boolean tooLarge() { return tooLarge; }
}
