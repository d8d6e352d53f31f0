package dev.portcullis.policies.limits;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.portcullis.policy.BodyCheck;
import dev.portcullis.policy.ErrorCode;
import dev.portcullis.policy.Verdict;
import java.nio.ByteBuffer;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * XML limits enforced while the body streams, through Aalto's non-blocking StAX parser. A DOCTYPE is
 * refused outright: no DTD, so no external entity (XXE) and no entity expansion (billion laughs) ever
 * reaches the upstream's parser. Depth, element count, attributes per element and text length are
 * limited; a document that is not well-formed is refused.
 */
final class XmlStructureCheck implements BodyCheck {
    private static final String DOCTYPE = "the XML body has a DOCTYPE; DTDs (and with them external entities) are refused";
    private final XmlLimits limits;
    private final AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
    private int depth;
    private long elements;
    private long textLength;
    private final StringBuilder prolog = new StringBuilder(); // what came before the root element, for a clear DOCTYPE message

    XmlStructureCheck(AsyncXMLInputFactory factory, XmlLimits limits) {
        this.limits = limits;
        this.reader = factory.createAsyncForByteBuffer();
    }

    static AsyncXMLInputFactory factory() {
        AsyncXMLInputFactory f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true); // reported as an event, then refused: a clear message
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }

    @Override
    public Verdict.Deny content(ByteBuffer piece) {
        for (int i = piece.position(); i < piece.limit() && elements == 0 && prolog.length() < 4096; i++) {
            prolog.append((char) (piece.get(i) & 0xff));
        }
        try {
            reader.getInputFeeder().feedInput(piece);
            return drain();
        } catch (XMLStreamException e) {
            return malformed(e);
        }
    }

    @Override
    public Verdict.Deny end() {
        try {
            reader.getInputFeeder().endOfInput();
            Verdict.Deny d = drain();
            return d == null && (depth > 0 || elements == 0) ? refuse("the body is declared XML but the document is "
                    + (elements == 0 ? "empty" : "cut short")) : d;
        } catch (XMLStreamException e) {
            return malformed(e);
        }
    }

    private Verdict.Deny drain() throws XMLStreamException {
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                return null;
            }
            Verdict.Deny d = switch (event) {
                case XMLStreamConstants.DTD -> refuse(DOCTYPE);
                case XMLStreamConstants.ENTITY_REFERENCE -> refuse("the XML body references the entity '" + reader.getLocalName()
                        + "'; only the predefined entities are accepted");
                case XMLStreamConstants.START_ELEMENT -> start();
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    textLength = 0;
                    yield null;
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text();
                default -> null;
            };
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private Verdict.Deny start() {
        depth++;
        elements++;
        textLength = 0;
        if (limits.maxDepth() > 0 && depth > limits.maxDepth()) {
            return refuse("XML nesting depth " + depth + " is over maxDepth (" + limits.maxDepth() + ")");
        }
        if (limits.maxElements() > 0 && elements > limits.maxElements()) {
            return refuse("the XML body has more than maxElements (" + limits.maxElements() + ") elements");
        }
        if (limits.maxAttributesPerElement() > 0 && reader.getAttributeCount() > limits.maxAttributesPerElement()) {
            return refuse("the XML element <" + reader.getLocalName() + "> has more than maxAttributesPerElement ("
                    + limits.maxAttributesPerElement() + ") attributes");
        }
        return null;
    }

    private Verdict.Deny text() {
        textLength += reader.getTextLength();
        if (limits.maxTextLength() > 0 && textLength > limits.maxTextLength()) {
            return refuse("an XML text node is longer than maxTextLength (" + limits.maxTextLength() + ")");
        }
        return null;
    }

    private Verdict.Deny refuse(String why) {
        return new Verdict.Deny(ErrorCode.BAD_REQUEST, why + " (line " + reader.getLocation().getLineNumber()
                + "); the request was refused by payload-limits");
    }

    private Verdict.Deny malformed(XMLStreamException e) {
        if (elements == 0 && prolog.indexOf("<!DOCTYPE") >= 0) { // the parser stops inside the DTD's internal subset
            return refuse(DOCTYPE);
        }
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return refuse("the body is declared XML but is not well-formed: " + (nl < 0 ? m : m.substring(0, nl)));
    }
}
