package dev.portcullis.policy;

/**
 * The upstream's response as the response phase sees it: what will be returned to the caller. Findings
 * recorded on it carry direction "response" in the audit record.
 */
public interface ResponseView extends MessageView {
    int status();

    RequestView request();
}
