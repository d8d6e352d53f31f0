package dev.portcullis.policy;

import java.util.Locale;

/** What a Content-Type says about how to read a body. */
public final class MediaTypes {
    private MediaTypes() {}

    /** application/json or any +json type (application/problem+json, ...). */
    public static boolean isJson(String contentType) {
        String t = essence(contentType);
        return t.equals("application/json") || t.endsWith("+json");
    }

    /** application/xml, text/xml or any +xml type (application/soap+xml, ...). */
    public static boolean isXml(String contentType) {
        String t = essence(contentType);
        return t.equals("application/xml") || t.equals("text/xml") || t.endsWith("+xml");
    }

    /** The type/subtype in lower case, without parameters ("" when absent). */
    public static String essence(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        for (int i = 0; i < t.length(); i++) {
            if (Character.isUpperCase(t.charAt(i))) {
                return t.toLowerCase(Locale.ROOT);
            }
        }
        return t; // already lower case (the usual): no copy
    }
}
