package dev.portcullis.dlp;

/** One piece of sensitive data in a scanned text: which detector, and where ([start, end) in that text). */
public record Finding(String detector, int start, int end) {
    /** Private keys are replaced whole, whatever the redaction settings: a partial key is still a leak. */
    public boolean wholeBlock() { return detector.equals(Detector.PRIVATE_KEY.configName()); }
}
