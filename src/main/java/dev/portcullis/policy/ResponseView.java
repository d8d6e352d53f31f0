package dev.portcullis.policy;

/** The upstream's response as the response phase sees it: what will be returned to the caller. */
public interface ResponseView {
    int status();

    MutableHeaders headers();

    RequestView request();

    /** The whole response body, when a policy on the route declared it needs it; else null. */
    default byte[] body() {
        return null;
    }
}
