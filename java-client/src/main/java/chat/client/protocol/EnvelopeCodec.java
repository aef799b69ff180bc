package chat.client.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON encoding of envelopes and of the chat content inside tokens. Decoding checks size, version,
 * type and every field before building a record, so nothing half-parsed reaches the session.
 */
public final class EnvelopeCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  public byte[] encode(Envelope envelope) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", Envelope.VERSION);
    node.put("type", envelope.type().wireName());
    node.put("room", envelope.room());
    if (envelope instanceof Envelope.Announce a) {
      node.put("member", a.member()).put("publicKey", a.publicKey());
    } else if (envelope instanceof Envelope.KeyDelivery k) {
      node.put("from", k.from()).put("to", k.to()).put("keyId", k.keyId()).put("wrappedKey", k.wrappedKey());
      ArrayNode members = node.putArray("members");
      k.members().forEach(members::add);
    } else if (envelope instanceof Envelope.Chat c) {
      node.put("token", c.token());
    }
    return bytes(node);
  }

  public Envelope decode(byte[] body) throws ProtocolException {
    if (body.length > Envelope.MAX_ENVELOPE_BYTES) {
      throw new ProtocolException("envelope larger than " + Envelope.MAX_ENVELOPE_BYTES + " bytes");
    }
    JsonNode node = tree(body);
    if (node.path("v").asInt(-1) != Envelope.VERSION) {
      throw new ProtocolException("unsupported envelope version");
    }
    EnvelopeType type = EnvelopeType.fromWire(node.path("type").asText(""))
        .orElseThrow(() -> new ProtocolException("unknown envelope type"));
    String room = text(node, "room", 64);
    return switch (type) {
      case ANNOUNCE -> new Envelope.Announce(room, text(node, "member", Envelope.MAX_NAME_CHARS),
          text(node, "publicKey", 4096));
      case KEY -> new Envelope.KeyDelivery(room, text(node, "from", Envelope.MAX_NAME_CHARS),
          text(node, "to", Envelope.MAX_NAME_CHARS), text(node, "keyId", 64), text(node, "wrappedKey", 2048),
          names(node.path("members")));
      case CHAT -> new Envelope.Chat(room, text(node, "token", Envelope.MAX_ENVELOPE_BYTES));
    };
  }

  public byte[] encodeContent(ChatContent content) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", content.version()).put("room", content.room()).put("author", content.author())
        .put("id", content.id()).put("sentAt", content.sentAtMillis()).put("text", content.text())
        .put("sha256", content.sha256());
    return bytes(node);
  }

  public ChatContent decodeContent(byte[] plaintext) throws ProtocolException {
    JsonNode node = tree(plaintext);
    if (node.path("v").asInt(-1) != Envelope.VERSION || !node.path("sentAt").canConvertToLong()) {
      throw new ProtocolException("malformed chat content");
    }
    return new ChatContent(Envelope.VERSION, text(node, "room", 64), text(node, "author", Envelope.MAX_NAME_CHARS),
        text(node, "id", 64), node.path("sentAt").asLong(), text(node, "text", Envelope.MAX_ENVELOPE_BYTES),
        text(node, "sha256", 64));
  }

  private static JsonNode tree(byte[] body) throws ProtocolException {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw new ProtocolException("envelope is not a JSON object");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new ProtocolException("envelope is not JSON");
    }
  }

  private static String text(JsonNode node, String field, int maxChars) throws ProtocolException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > maxChars) {
      throw new ProtocolException("field '" + field + "' missing or invalid");
    }
    return value.asText();
  }

  private static List<String> names(JsonNode array) throws ProtocolException {
    if (!array.isArray() || array.size() > Envelope.MAX_ROSTER_MEMBERS) {
      throw new ProtocolException("field 'members' missing or invalid");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > Envelope.MAX_NAME_CHARS) {
        throw new ProtocolException("field 'members' missing or invalid");
      }
      out.add(n.asText());
    }
    return out;
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
